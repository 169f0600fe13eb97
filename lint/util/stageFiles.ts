// What a stage's filesystem is known to contain: the destinations of COPY/ADD in the stage and in
// the stages it is built FROM. Used by rules about shell-less images, which hold nothing else.
import { posix } from 'node:path';
import { stageChain } from '../../dockerfile/stages';
import type { DockerfileModel, Instruction, Stage } from '../../dockerfile/types';

/** Where copied content lands: an exact file, or a directory whose whole subtree may be filled. */
export interface Placement {
  path: string;
  subtree: boolean;
  instruction: Instruction;
}

/**
 * Placements of every COPY/ADD of the stage chain before `before` (all when null). A source is a
 * known file only when a builder stage produces it with `go build -o` (or it is a heredoc);
 * otherwise it may be a directory, so its destination counts as a subtree.
 */
export function placements(model: DockerfileModel, stage: Stage, before: Instruction | null, knownFiles: ReadonlySet<string>): Placement[] {
  const result: Placement[] = [];
  for (const member of stageChain(stage)) {
    for (const instruction of member.instructions) {
      if (before && instruction.index >= before.index) break;
      if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
      const words = instruction.args;
      if (!words.length) continue;
      const destination = model.expand(words[words.length - 1].value, instruction);
      if (destination.unresolved) { result.push({ path: '/', subtree: true, instruction }); continue; }
      const workdir = model.stateAt(instruction)?.workdir ?? '/';
      const target = posix.resolve(workdir.includes('$') ? '/' : workdir, destination.value);
      const sources = instruction.heredocs.length ? instruction.heredocs.map((h) => h.name) : words.slice(0, -1).map((w) => w.value);
      const intoDirectory = destination.value.endsWith('/') || sources.length > 1;
      const from = instruction.flags.find((flag) => flag.name === 'from')?.value ?? null;
      for (const source of sources) {
        const isFile = instruction.heredocs.length > 0 || (from !== null && knownFiles.has(posix.resolve('/', source)));
        if (isFile) result.push({ path: intoDirectory ? posix.join(target, posix.basename(source)) : target, subtree: false, instruction });
        else result.push({ path: target, subtree: true, instruction });
      }
    }
  }
  return result;
}

/** True when a placement may have put a file at `path`. */
export function mayContain(placed: readonly Placement[], path: string): boolean {
  return placed.some((p) => p.path === path || (p.subtree && (p.path === '/' || path.startsWith(p.path + '/'))));
}
