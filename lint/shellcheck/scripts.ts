// The RUN scripts of a linted Dockerfile as ShellCheck should read them, as plain data (they cross
// from a CLI lint worker to the thread that runs ShellCheck): the text the shell runs (continuations
// and the comment lines Docker drops removed, CRs gone), the document position of every character,
// the dialect, and what ShellCheck must be told that the script itself does not say: the variables
// ARG and ENV declare, and the `# shellcheck` directives written where Docker drops them.
import { runScriptSources } from '../../dockerfile/commandSource';
import type { DockerfileModel, Instruction } from '../../dockerfile/types';
import type { RuleLevel } from '../../common/settings';
import { binSh } from '../util/binSh';
import type { LintResult } from '../service';
import { shellcheckCode } from './codes';

/** ShellCheck's dialects; `ash` (BusyBox) is checked as `busybox` where ShellCheck knows it, else as `dash`. */
export type Dialect = 'sh' | 'dash' | 'bash' | 'ksh' | 'ash';

export interface ShellcheckScript {
  /** What the shell runs, with `\n` line ends. */
  body: string;
  /** Document line and character of each body character and of its end: `[line, character, ...]`. */
  positions: Int32Array;
  /** The body's first line is a shebang (a `RUN <<EOF` script's `#!/bin/bash`): the header goes after it. */
  shebang: boolean;
  dialect: Dialect;
  /** `# shellcheck ...` directives from the comments above the RUN and the comment lines inside it. */
  directives: string[];
  /** ARG/ENV names (and the predefined proxy args) the script mentions: assigned for ShellCheck. */
  declared: string[];
  /** Codes our suppressions ignore for this instruction or the whole file. */
  ignored: string[];
  /** A RUN inside ONBUILD: it runs in the build of an image FROM this one. */
  trigger: boolean;
}

export interface ShellcheckJob {
  scripts: ShellcheckScript[];
  /** Levels the project config and the settings give ShellCheck codes (`SC2086: off`). */
  levels: Record<string, RuleLevel>;
}

/** Scripts longer than this are left alone: ShellCheck's time grows with them and such RUNs are generated. */
const MAX_SCRIPT_CHARS = 100_000;
/** BuildKit passes these to every RUN without an ARG (its predefined build args). */
const PREDEFINED_ARGS = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DIRECTIVE = /^[ \t]*#[ \t]*(shellcheck[ \t]+(?:disable|enable|shell)=\S.*?)[ \t]*$/;

export function shellcheckJob(result: LintResult): ShellcheckJob {
  const { model, suppressions } = result;
  const levels: Record<string, RuleLevel> = {};
  for (const [code, level] of [...Object.entries(result.config.levels), ...Object.entries(result.input.settings.rules)]) {
    const sc = shellcheckCode(code);
    if (sc) levels[sc] = level;
  }
  const scripts: ShellcheckScript[] = [];
  if (!result.input.settings.enable) return { scripts, levels };
  const global = [...suppressions.global].filter((id) => shellcheckCode(id));
  for (const instruction of model.withTriggers) {
    if (instruction.keyword !== 'RUN' || instruction.form !== 'shell') continue;
    const trigger = model.instructions[instruction.index] !== instruction;
    const ignored = [...global, ...[...suppressions.byInstruction.get(instruction.index) ?? []].filter((id) => shellcheckCode(id))];
    const directives = directivesFor(model, model.instructions[instruction.index], instruction);
    for (const source of runScriptSources(instruction, model.escapeChar)) {
      if (source.text.length > MAX_SCRIPT_CHARS) continue;
      const { body, positions } = withoutCarriageReturns(source.text, (i) => source.positionAt(source.offsets[i]));
      const shebang = body.startsWith('#!');
      const dialect = dialectOf(model, instruction, shebang ? body.split('\n', 1)[0].slice(2) : source.interpreter ?? null);
      if (!dialect) continue;
      scripts.push({ body, positions, shebang, dialect, directives, declared: declaredNames(model, instruction, body, trigger), ignored, trigger });
    }
  }
  return { scripts, levels };
}

/** The body with `\r\n` as `\n` (and a lone `\r` as a line end), with each character's document position. */
function withoutCarriageReturns(text: string, positionOf: (index: number) => { line: number; character: number }): { body: string; positions: Int32Array } {
  let body = '';
  const kept: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\r' && text[i + 1] === '\n') continue;
    body += ch === '\r' ? '\n' : ch;
    kept.push(i);
  }
  kept.push(text.length);
  const positions = new Int32Array(kept.length * 2);
  kept.forEach((index, k) => {
    const position = positionOf(index);
    positions[2 * k] = position.line;
    positions[2 * k + 1] = position.character;
  });
  return { body, positions };
}

/**
 * The dialect ShellCheck should check: a `RUN <<EOF` script's shebang (or the shell reading a
 * heredoc on stdin), else the stage's SHELL;
 * for `/bin/sh`, what it is in the base image (dash on Debian and Ubuntu, BusyBox ash on Alpine,
 * bash on the Red Hat family), POSIX sh when the image is unknown. Null: not a shell ShellCheck
 * reads (PowerShell, cmd, zsh, fish, a Python heredoc) or no shell at all (scratch).
 */
function dialectOf(model: DockerfileModel, instruction: Instruction, interpreterLine: string | null): Dialect | null {
  let program: string;
  if (interpreterLine) {
    const [interpreter = '', argument = ''] = interpreterLine.trim().split(/\s+/);
    program = basename(interpreter) === 'env' ? argument : interpreter;
  } else {
    const shell = model.stateAt(instruction)?.shell ?? ['/bin/sh', '-c'];
    // `["/bin/busybox", "sh", "-c"]`: BusyBox's own ash, whatever the image's /bin/sh is.
    program = basename(shell[0] ?? '') === 'busybox' ? (/^(ash|sh)$/.test(shell[1] ?? '') ? 'ash' : '') : shell[0] ?? '';
  }
  const name = basename(program).toLowerCase().replace(/\.exe$/, '');
  switch (name) {
    case 'sh': {
      const stage = model.stages[instruction.stageIndex];
      const sh = stage ? binSh(stage) : null;
      if (sh === 'none' || sh === 'cmd') return null;
      return sh ?? 'sh';
    }
    case 'bash': case 'dash': case 'ash': return name;
    case 'ksh': case 'mksh': case 'ksh93': return 'ksh';
    default: return null;
  }
}

function basename(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/**
 * Names the RUN can see that the script mentions: ARG and ENV of the stage (and ENV inherited from
 * its parents), and BuildKit's predefined proxy args. Only ENV reaches an ONBUILD trigger: it runs
 * in another build, where this one's ARGs are gone.
 */
function declaredNames(model: DockerfileModel, instruction: Instruction, body: string, trigger: boolean): string[] {
  if (!body.includes('$')) return [];
  const names = new Set<string>();
  for (const [name, variable] of model.stateAt(instruction)?.vars ?? []) {
    if (!trigger || variable.source === 'ENV') names.add(name);
  }
  for (const name of PREDEFINED_ARGS) names.add(name);
  return [...names].filter((name) => NAME.test(name) && (body.includes(`$${name}`) || body.includes(`\${${name}`))).sort();
}

/**
 * `# shellcheck disable=SC2086` (or `shell=`, `enable=`) in the comment lines right above the RUN
 * (an ONBUILD's for its trigger) and in the comment lines between its continuation lines: Docker
 * drops both before the shell sees the script, so ShellCheck is told them in the script's header.
 */
function directivesFor(model: DockerfileModel, owner: Instruction, instruction: Instruction): string[] {
  const directives: string[] = [];
  for (let line = owner.range.start.line - 1; line >= 0; line--) {
    const text = model.lines[line] ?? '';
    if (!/^[ \t]*#/.test(text)) break;
    const match = DIRECTIVE.exec(text);
    if (match) directives.unshift(`# ${match[1]}`);
  }
  const lastCommandLine = instruction.heredocs[0] ? instruction.heredocs[0].range.start.line - 1 : instruction.range.end.line;
  for (let line = instruction.range.start.line + 1; line <= lastCommandLine; line++) {
    const match = DIRECTIVE.exec(model.lines[line] ?? '');
    if (match) directives.push(`# ${match[1]}`);
  }
  return directives;
}
