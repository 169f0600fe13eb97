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
    const words = instruction.form === 'json' ? instruction.json ?? [] : instruction.args;
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
    const words = instruction.form === 'json' ? instruction.json ?? [] : instruction.args;
    for (const word of words.slice(0, -1)) {
      const value = word.value.replace(/^(["'])(.*)\1$/, '$2').replace(/^\.\//, '');
      if (value && value !== '.' && !/^[a-z]+:\/\//i.test(value) && !value.startsWith('<<')) paths.push(value);
    }
  }
  return paths;
}
