// `go build` / `go install` / `go mod download` ... invocations of RUN instructions, with the env
// the go command really sees (stage ENV/ARG incl. parent stages, `export`, inline prefixes),
// its flags, packages and the output path resolved against WORKDIR.
import { posix } from 'node:path';
import type { Assignment, ShellWord, SimpleCommand } from '../../dockerfile/shell';
import type { DockerfileModel, Instruction, Range, Stage } from '../../dockerfile/types';
import { expandVariables } from '../../dockerfile/variables';
import { runMounts, type RunMount } from '../../dockerfile/mounts';

export interface GoEnvValue {
  /** Null when only known at build time. */
  value: string | null;
  source: 'inline' | 'export' | 'ENV' | 'ARG';
  /** The assignment word or the ENV/ARG instruction range. */
  range: Range | null;
}

export interface GoFlag {
  /** Without dashes: `o`, `ldflags`, `trimpath`. */
  name: string;
  value: string | null;
  /** The flag word (and its separate value word, when written `-o out`). */
  range: Range;
  nameWord: ShellWord;
  valueWord: ShellWord | null;
}

export interface GoInvocation {
  instruction: Instruction;
  stage: Stage;
  command: SimpleCommand;
  /** `build`, `install`, `mod download`, `mod tidy`, `get`, `run`, `test`, ... */
  subcommand: string;
  /** The word of the subcommand (for inserting flags after it). */
  subcommandWord: ShellWord;
  env: ReadonlyMap<string, GoEnvValue>;
  flags: GoFlag[];
  /** Non-flag arguments: packages or files (`.`, `./cmd/api`, `example.com/x@v1`). */
  packages: ShellWord[];
  /** Where the binary lands (absolute when resolvable), null when go writes none. */
  output: { path: string; word: ShellWord | null } | null;
  mounts: RunMount[];
}

const VALUE_FLAGS = new Set([
  'o', 'p', 'C', 'asmflags', 'buildmode', 'compiler', 'gccgoflags', 'gcflags', 'installsuffix', 'ldflags', 'mod',
  'modfile', 'overlay', 'pgo', 'pkgdir', 'tags', 'toolexec', 'coverpkg', 'covermode', 'exec', 'run', 'bench',
  'count', 'timeout', 'json',
]);
const BUILD_COMMANDS = new Set(['build', 'install']);

const cache = new WeakMap<DockerfileModel, Map<string, GoInvocation[]>>();

/** Every go command in the RUN instructions of the model, in document order (cached per model). */
export function goInvocations(model: DockerfileModel, options: { modulePath?: string | null } = {}): GoInvocation[] {
  let byModule = cache.get(model);
  if (!byModule) cache.set(model, (byModule = new Map()));
  const key = options.modulePath ?? '';
  let invocations = byModule.get(key);
  if (!invocations) {
    invocations = [];
    for (const stage of model.stages) {
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'RUN') invocations.push(...invocationsIn(model, stage, instruction, options.modulePath ?? null));
      }
    }
    byModule.set(key, invocations);
  }
  return invocations;
}

function invocationsIn(model: DockerfileModel, stage: Stage, instruction: Instruction, modulePath: string | null): GoInvocation[] {
  const script = model.shellOf(instruction);
  if (!script || !script.commands.some((command) => command.effective.name === 'go')) return [];
  const state = model.stateAt(instruction);
  const env = new Map<string, GoEnvValue>();
  for (const [name, variable] of state.vars) {
    env.set(name, { value: variable.value, source: variable.source, range: variable.instruction?.range ?? null });
  }
  const mounts = runMounts(instruction);
  const result: GoInvocation[] = [];
  for (const command of script.commands) {
    if (command.nested) continue;
    if (applyShellEnv(command, env)) continue;
    const { name, args } = command.effective;
    if (name !== 'go' || !args.length) continue;
    const commandEnv = new Map(env);
    for (const assignment of command.effective.env) setEnv(commandEnv, assignment, 'inline');
    const sub = args[0].value === 'mod' || args[0].value === 'work' ? 2 : 1;
    const subcommandWord = args[sub - 1];
    const subcommand = args.slice(0, sub).map((word) => word.value).join(' ');
    const { flags, packages } = parseFlags(args.slice(sub));
    const invocation: GoInvocation = {
      instruction, stage, command, subcommand, subcommandWord, env: commandEnv, flags, packages, mounts, output: null,
    };
    invocation.output = outputOf(invocation, state.workdir, modulePath, stage);
    result.push(invocation);
  }
  return result;
}

/** `export X=1`, `unset X`, `X=1` (a shell variable: only reaches go when already exported). */
function applyShellEnv(command: SimpleCommand, env: Map<string, GoEnvValue>): boolean {
  if (command.name === null) {
    for (const assignment of command.assignments) if (env.has(assignment.name)) setEnv(env, assignment, 'export');
    return true;
  }
  if (command.name === 'export') {
    for (const word of command.argv.slice(1)) {
      const eq = word.value.indexOf('=');
      if (eq > 0) setEnv(env, { name: word.value.slice(0, eq), value: word.value.slice(eq + 1), word }, 'export');
    }
    return true;
  }
  if (command.name === 'unset') {
    for (const word of command.argv.slice(1)) env.delete(word.value);
    return true;
  }
  return false;
}

function setEnv(env: Map<string, GoEnvValue>, assignment: Assignment, source: GoEnvValue['source']): void {
  const lookup = (name: string) => env.get(name)?.value;
  const expanded = assignment.word.dynamic ? expandVariables(assignment.value, lookup) : { value: assignment.value, unresolved: false };
  const unknown = expanded.unresolved || expanded.value.includes('$(') || expanded.value.includes('`');
  env.set(assignment.name, { value: unknown ? null : expanded.value, source, range: assignment.word.range });
}

function parseFlags(words: ShellWord[]): { flags: GoFlag[]; packages: ShellWord[] } {
  const flags: GoFlag[] = [];
  let i = 0;
  for (; i < words.length; i++) {
    const word = words[i];
    if (word.value === '--') { i++; break; }
    const match = /^--?([A-Za-z][\w.-]*)(?:=([\s\S]*))?$/.exec(word.value);
    if (!match) break;
    const name = match[1];
    let value: string | null = match[2] ?? null;
    let valueWord: ShellWord | null = null;
    if (value === null && VALUE_FLAGS.has(name) && i + 1 < words.length) {
      valueWord = words[++i];
      value = valueWord.value;
    }
    flags.push({ name, value, nameWord: word, valueWord, range: { start: word.range.start, end: (valueWord ?? word).range.end } });
  }
  return { flags, packages: words.slice(i) };
}

function outputOf(invocation: GoInvocation, workdir: string, modulePath: string | null, stage: Stage): GoInvocation['output'] {
  if (!BUILD_COMMANDS.has(invocation.subcommand)) return null;
  const flag = (name: string) => [...invocation.flags].reverse().find((f) => f.name === name);
  const dir = flag('C')?.value;
  const base = dir ? posix.resolve(workdir, dir) : workdir;
  const packages = invocation.packages.length ? invocation.packages : null;
  const defaultName = packages && packages.length > 1 ? null : binaryName(packages?.[0]?.value ?? '.', base, modulePath);
  if (invocation.subcommand === 'install') {
    if (!defaultName) return null;
    const gobin = invocation.env.get('GOBIN')?.value;
    const gopath = invocation.env.get('GOPATH')?.value ?? (stage.runtime.golang ? '/go' : '/root/go');
    return { path: posix.join(gobin ?? posix.join(gopath, 'bin'), defaultName), word: null };
  }
  const output = flag('o');
  if (output?.value) {
    const resolved = posix.resolve(base, output.value);
    const isDir = output.value.endsWith('/');
    if (isDir && !defaultName) return null;
    return { path: isDir ? posix.join(resolved, defaultName ?? '') : resolved, word: output.valueWord ?? output.nameWord };
  }
  if (!defaultName || (packages && packages.length > 1)) return null;
  return { path: posix.join(base, defaultName), word: null };
}

/** The binary name go picks: last element of the package path (module path for `.`), no `/vN`. */
export function binaryName(pkg: string, workdir: string, modulePath: string | null): string | null {
  if (pkg.endsWith('.go')) return pkg.slice(pkg.lastIndexOf('/') + 1, -3);
  const path = pkg.replace(/@.*$/, '').replace(/\/\.\.\.$/, '');
  if (pkg.includes('...')) return null;
  let full = path;
  if (path === '.' || path === './' || path === '') full = modulePath ?? workdir;
  else if (path.startsWith('./') || path.startsWith('../')) full = posix.join(modulePath ?? workdir, path);
  const parts = full.split('/').filter(Boolean);
  let name = parts.pop() ?? null;
  if (name && /^v\d+$/.test(name) && parts.length) name = parts.pop() ?? name;
  return name;
}
