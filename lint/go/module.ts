// Whether a go command runs inside a module: is there a go.mod in its working directory or above,
// put there by a COPY/ADD, a bind mount, `go mod init`, or something the rule cannot follow?
import { posix } from 'node:path';
import type { GoInvocation } from './invocations';
import type { BuildContext } from '../context/buildContext';
import { officialName } from '../../common/imageRef';
import { runMounts } from '../../dockerfile/mounts';
import { stageChain } from '../../dockerfile/stages';
import type { SimpleCommand } from '../../dockerfile/shell';
import type { DockerfileModel, Instruction } from '../../dockerfile/types';

/** `module`: a go.mod is there; `none`: nothing could have put one there; `unknown`: cannot tell. */
export type ModuleState = 'module' | 'none' | 'unknown';

/** Base images known to hold no go.mod in any directory a go command would run from. */
const PLAIN_BASES = new Set([
  'golang', 'alpine', 'debian', 'ubuntu', 'buildpack-deps', 'busybox', 'fedora', 'centos', 'rockylinux', 'almalinux',
  'amazonlinux', 'archlinux', 'opensuse/leap', 'oraclelinux', 'photon', 'clearlinux',
]);
/** Commands of an earlier RUN that can put files (a go.mod) at a path they name. */
const FILE_WRITERS = new Set(['cp', 'mv', 'ln', 'tar', 'unzip', 'rsync', 'curl', 'wget', 'install', 'git', 'bsdtar']);

/** The directory the go command runs in ('$' inside when unknown). */
function goWorkdir(model: DockerfileModel, inv: GoInvocation): string {
  const workdir = model.stateAt(inv.instruction)?.workdir ?? '/';
  const chain = stageChain(inv.stage);
  const set = chain.some((stage) => stage.instructions.some((i) => i.keyword === 'WORKDIR' && i.index < inv.instruction.index));
  // The official golang image starts in /go.
  return !set && chain[0].runtime.golang ? '/go' : workdir;
}

export function moduleState(model: DockerfileModel, context: BuildContext, inv: GoInvocation): ModuleState {
  const workdir = goWorkdir(model, inv);
  if (workdir.includes('$') || inv.flags.some((flag) => flag.name === 'C' || flag.name === 'modfile')) return 'unknown';
  /** `path` is the working directory or one of its parents: a go.mod there applies. */
  const above = (path: string) => path === workdir || workdir.startsWith(path === '/' ? '/' : path + '/');
  const goModAt = (path: string) => posix.basename(path) === 'go.mod' && above(posix.dirname(path));

  const chain = stageChain(inv.stage);
  const root = chain[0];
  if (root.image.unresolved || /onbuild/i.test(root.image.tag ?? '') || !PLAIN_BASES.has(officialName(root.image).toLowerCase())) return 'unknown';

  // A bind mount over the working directory (or of a go.mod into it).
  for (const mount of runMounts(inv.instruction)) {
    if (mount.type !== 'bind') continue;
    if (!mount.target) return 'unknown';
    const target = posix.resolve(workdir, model.expand(mount.target, inv.instruction).value);
    if (goModAt(target)) return 'module';
    if (above(target)) return mount.from === null && isContextRoot(mount.source) && context.goMod() ? 'module' : 'unknown';
  }

  // Earlier commands of the same RUN: `go mod init` makes one; `cd` leaves the rule blind.
  const script = model.shellOf(inv.instruction);
  for (const command of script?.commands ?? []) {
    if (command === inv.command) break;
    const { name, args } = command.effective;
    if (name === 'cd' || name === 'pushd') return 'unknown';
    if (name === 'go' && args[0]?.value === 'mod' && args[1]?.value === 'init') return 'module';
    if (writesAt(command, workdir, above)) return 'unknown';
  }

  let state: ModuleState = 'none';
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      if (instruction.index >= inv.instruction.index) break;
      const found = instruction.keyword === 'RUN' ? runPutsGoMod(model, instruction, workdir, above)
        : instruction.keyword === 'COPY' || instruction.keyword === 'ADD' ? copyPutsGoMod(model, context, instruction, above, goModAt)
          : 'none';
      if (found === 'module') return 'module';
      if (found === 'unknown') state = 'unknown';
    }
  }
  return state;
}

function isContextRoot(source: string | null): boolean {
  return source === null || /^\.?\/?$/.test(source);
}

function runPutsGoMod(model: DockerfileModel, instruction: Instruction, workdir: string, above: (path: string) => boolean): ModuleState {
  const script = model.shellOf(instruction);
  if (!script) return 'unknown';
  const runDir = model.stateAt(instruction)?.workdir ?? '/';
  let moved = false;
  for (const command of script.commands) {
    const { name, args } = command.effective;
    if (name === 'cd' || name === 'pushd') moved = true;
    if (name === 'go' && args[0]?.value === 'mod' && args[1]?.value === 'init') {
      if (moved) return 'unknown';
      if (above(runDir)) return 'module';
    }
    if (writesAt(command, runDir, above) || (moved && name !== null && FILE_WRITERS.has(name))) return 'unknown';
  }
  return 'none';
}

/** A command that writes files (clone, copy, unpack) at a path that may hold the go.mod that counts. */
function writesAt(command: SimpleCommand, cwd: string, above: (path: string) => boolean): boolean {
  const { name, args } = command.effective;
  if (name === null || !FILE_WRITERS.has(name)) return false;
  const operands = args.filter((word) => !word.value.startsWith('-'));
  if (operands.some((word) => word.dynamic)) return true;
  if (name === 'git') {
    if (args[0]?.value !== 'clone') return false;
    const positional = operands.slice(1);
    const dest = positional.length >= 2 ? positional[positional.length - 1].value
      : (positional[0]?.value ?? '').replace(/\/+$/, '').split('/').pop()?.replace(/\.git$/, '') ?? '';
    return above(posix.resolve(cwd, dest));
  }
  // Unpacking or copying into the working directory (or naming it): the rule cannot see what lands.
  if ((name === 'tar' || name === 'unzip' || name === 'bsdtar') && above(cwd)) return true;
  return operands.some((word) => !/:\/\//.test(word.value) && above(posix.resolve(cwd, word.value)) && posix.resolve(cwd, word.value) !== '/');
}

function copyPutsGoMod(
  model: DockerfileModel, context: BuildContext, instruction: Instruction,
  above: (path: string) => boolean, goModAt: (path: string) => boolean,
): ModuleState {
  const words = instruction.args;
  if (words.length < 2 || instruction.heredocs.length || words[0].value.startsWith('[')) return instruction.heredocs.length ? 'none' : 'unknown';
  const destination = model.expand(words[words.length - 1].value, instruction);
  if (destination.unresolved) return 'unknown';
  const dest = posix.resolve(model.stateAt(instruction)?.workdir ?? '/', destination.value);
  const sources = words.slice(0, -1);
  const intoDirectory = destination.value.endsWith('/') || /(^|\/)\.\.?$/.test(destination.value) || sources.length > 1;
  const fromStage = instruction.flags.some((flag) => flag.name === 'from');
  let state: ModuleState = 'none';
  for (const word of sources) {
    const source = model.expand(word.value, instruction);
    if (source.unresolved) return 'unknown';
    const value = source.value.replace(/\/+$/, '') || '/';
    const base = posix.basename(value);
    if (base === 'go.mod') {
      const landing = intoDirectory || !/go\.mod$/.test(dest) ? posix.join(dest, 'go.mod') : dest;
      if (goModAt(landing) || goModAt(dest)) return fromStage ? 'unknown' : 'module';
      continue;
    }
    // A single file (`main.go`, `config.yaml`) is no go.mod; a folder or a glob may hold one.
    const glob = /[*?[]/.test(base);
    if (!glob && /\.[A-Za-z0-9]+$/.test(base) && base !== '.' && base !== '..') continue;
    if (/:\/\//.test(value)) { if (above(dest)) state = 'unknown'; continue; }
    if (!above(dest) && !(glob && above(dest))) continue;
    if (!fromStage && /^\.?$|^\.\/?$/.test(value) && context.goMod()) return 'module';
    state = 'unknown';
  }
  return state;
}

/** Module paths in the require directives of the context's go.mod (none without one). */
export function requiredModules(context: BuildContext): string[] {
  const text = context.readText('go.mod');
  if (!text) return [];
  const modules: string[] = [];
  let inBlock = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (/^require\s*\($/.test(line)) { inBlock = true; continue; }
    if (inBlock && line === ')') { inBlock = false; continue; }
    const match = (inBlock ? /^(\S+)\s+v\S+$/ : /^require\s+(\S+)\s+v\S+$/).exec(line);
    if (match) modules.push(match[1]);
  }
  return modules;
}
