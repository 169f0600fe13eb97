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
      const directory = destinationIsDirectory(destination.value, sources.length);
      const from = instruction.flags.find((flag) => flag.name === 'from')?.value ?? null;
      for (const source of sources) {
        const isFile = instruction.heredocs.length > 0 || (from !== null && knownFiles.has(posix.resolve('/', source)));
        if (!isFile) { result.push({ path: target, subtree: true, instruction }); continue; }
        const inside = posix.join(target, posix.basename(source));
        // A destination without a trailing slash is a file name, unless that directory already
        // exists in the stage (`COPY app /usr/local/bin`): both places are possible.
        if (directory !== false) result.push({ path: inside, subtree: false, instruction });
        if (directory !== true) result.push({ path: target, subtree: false, instruction });
      }
    }
  }
  return result;
}

/** True when a placement may have put a file at `path`. */
export function mayContain(placed: readonly Placement[], path: string): boolean {
  return placed.some((p) => p.path === path || (p.subtree && (p.path === '/' || path.startsWith(p.path + '/'))));
}

/**
 * Whether a COPY destination is a directory the sources go into (keeping their names): true for a
 * trailing slash, `.`/`..` (the WORKDIR, which exists) and several sources; null when it depends on
 * whether the path already exists as a directory in the image.
 */
export function destinationIsDirectory(destination: string, sourceCount: number): boolean | null {
  if (destination.endsWith('/') || sourceCount > 1) return true;
  if (/(^|\/)\.\.?$/.test(destination)) return true;
  return null;
}

/** Directories of (nearly) every Linux base image; a scratch image has none but what is created. */
const STANDARD_DIRS = new Set([
  '/bin', '/sbin', '/lib', '/etc', '/tmp', '/root', '/home', '/srv', '/opt', '/var', '/usr', '/usr/bin', '/usr/sbin',
  '/usr/lib', '/usr/local', '/usr/local/bin', '/usr/local/sbin', '/usr/local/lib', '/usr/share', '/var/lib', '/var/log',
]);

/**
 * True when `path` is known to be a directory in the stage when `before` runs: `/`, a standard
 * directory of a non-scratch base, the golang image's `/go`, a WORKDIR of the stage chain (and its
 * parents), a `mkdir` of an earlier RUN.
 */
export function existingDirectory(model: DockerfileModel, stage: Stage, before: Instruction, path: string): boolean {
  if (path === '/') return true;
  const chain = stageChain(stage);
  if (!chain[0].runtime.scratch && (STANDARD_DIRS.has(path) || (chain[0].runtime.golang && path === '/go'))) return true;
  const covers = (dir: string) => dir === path || dir.startsWith(path + '/');
  for (const member of chain) {
    for (const instruction of member.instructions) {
      if (instruction.index >= before.index) break;
      const state = model.stateAt(instruction);
      if (state && covers(state.workdir)) return true;
      if (instruction.keyword !== 'RUN') continue;
      for (const command of model.shellOf(instruction)?.commands ?? []) {
        if (command.effective.name !== 'mkdir') continue;
        const dirs = command.effective.args.filter((word) => !word.value.startsWith('-') && !word.dynamic);
        if (dirs.some((word) => covers(posix.resolve(state?.workdir ?? '/', word.value)))) return true;
      }
    }
  }
  return covers(model.stateAt(before)?.workdir ?? '/');
}

/** The working directory the container starts in: the stage's WORKDIR after its last instruction ('/' if unknown). */
export function runtimeWorkdir(model: DockerfileModel, stage: Stage): string {
  const last = stage.instructions[stage.instructions.length - 1] ?? null;
  if (!last) return stage.parent ? runtimeWorkdir(model, stage.parent) : '/';
  let workdir = model.stateAt(last)?.workdir ?? '/';
  if (last.keyword === 'WORKDIR' && last.args.length) {
    const expanded = model.expand(last.args.map((arg) => arg.value).join(' '), last);
    workdir = expanded.unresolved ? '$' : posix.resolve(workdir, expanded.value);
  }
  return workdir;
}
