// COPY/ADD instructions that send the whole build context into the image (`COPY . .`).
import type { DockerfileModel, Instruction, Word } from '../../dockerfile/types';

export interface ContextCopy {
  instruction: Instruction;
  /** The `.` source word. */
  source: Word;
  /** The destination as written. */
  destination: Word;
}

/** Every COPY/ADD from the context (no `--from`) with `.` or `./` among its sources. */
export function wholeContextCopies(model: DockerfileModel): ContextCopy[] {
  const copies: ContextCopy[] = [];
  for (const instruction of model.instructions) {
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    if (instruction.flags.some((flag) => flag.name === 'from')) continue;
    const words = copyWords(instruction);
    if (words.length < 2) continue;
    const source = words.slice(0, -1).find((word) => /^\.\/?$/.test(word.value.replace(/^(["'])(.*)\1$/, '$2')));
    if (source) copies.push({ instruction, source, destination: words[words.length - 1] });
  }
  return copies;
}

/** Context paths named by COPY/ADD sources (no `--from`), other than the whole context. */
export function namedContextSources(model: DockerfileModel): string[] {
  const paths: string[] = [];
  for (const instruction of model.instructions) {
    if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
    if (instruction.flags.some((flag) => flag.name === 'from')) continue;
    const words = copyWords(instruction);
    for (const word of words.slice(0, -1)) {
      const value = word.value.replace(/^(["'])(.*)\1$/, '$2').replace(/^\.\//, '');
      if (value && value !== '.' && !/^[a-z]+:\/\//i.test(value) && !value.startsWith('<<')) paths.push(value);
    }
  }
  return paths;
}

/**
 * The sources and destination of a COPY/ADD. The JSON form (`COPY ["a b", "./"]`, also split over
 * continuation lines) is read as JSON: its words are the array's strings, each with the range of
 * the argument that holds it, so `"./"` as a destination is never taken for a `.` source.
 */
export function copyWords(instruction: Instruction): Word[] {
  if (instruction.form === 'json') return instruction.json ?? [];
  const args = instruction.args;
  if (!args[0]?.value.startsWith('[')) return args;
  let values: unknown;
  try {
    values = JSON.parse(args.map((word) => word.value).join(' '));
  } catch {
    return args;
  }
  if (!Array.isArray(values) || !values.every((value): value is string => typeof value === 'string')) return args;
  return values.map((value) => ({ ...(args.find((word) => word.value.includes(JSON.stringify(value))) ?? args[0]), value }));
}
