// ShellCheck's answer for one script, back in the Dockerfile: the file ShellCheck reads (a header
// the Dockerfile implies, then the script), its comments mapped to document ranges through the
// script's per-character positions, with Dockscope severities, levels and suppressions applied.
import type { Range } from 'vscode-languageserver-types';
import type { RuleLevel } from '../../common/settings';
import type { RuleFinding } from '../engine';
import type { FindingOrigin, Severity } from '../rule';
import type { Dialect, ShellcheckJob, ShellcheckScript } from './scripts';

/** One entry of `shellcheck --format=json1` (lines and columns 1-based, a tab one column). */
export interface ShellcheckComment {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  level: string;
  code: number;
  message: string;
}

/**
 * ShellCheck's levels as Dockscope severities. Its `error` ("this will not work as intended") is
 * not ours ("the build or the container fails"): whether a broken command fails the RUN depends on
 * where its status goes, so the most ShellCheck gives is a warning (a level in the config raises it).
 */
const SEVERITY: Record<string, Severity> = { error: 'warning', warning: 'warning', info: 'info', style: 'hint' };

/**
 * Codes reported as hints (not listed in the Problems panel; no CLI fail level reaches them)
 * unless the config or settings give them a level. Judged on 930 public
 * Dockerfiles (docs/precision.md), their findings were mostly wrong or noise there: SC2086 and
 * SC2046 ask to quote `$packages`/`$(…)` lists that Dockerfiles split on purpose (quoting them
 * breaks the build), SC2155 flags `export VAR="$(mktemp -d)"`, the usual idiom of official images.
 */
const QUIET_CODES: ReadonlySet<string> = new Set(['SC2086', 'SC2046', 'SC2155']);

/** The file ShellCheck reads for a script: the shebang line if any, the header, then the rest of the body. */
export function scriptFile(script: ShellcheckScript, shell: string): ScriptFile {
  const header = [...script.directives, `# shellcheck shell=${shell}`];
  if (script.declared.length) header.push(`export ${script.declared.map((name) => `${name}=1`).join(' ')}`);
  if (!script.shebang) return { text: `${header.join('\n')}\n${script.body}`, headerLines: header.length, shell };
  const newline = script.body.indexOf('\n');
  const shebang = newline < 0 ? script.body : script.body.slice(0, newline);
  const rest = newline < 0 ? '' : script.body.slice(newline + 1);
  return { text: `${shebang}\n${header.join('\n')}\n${rest}`, headerLines: header.length, shell };
}

export interface ScriptFile {
  text: string;
  headerLines: number;
  /** The dialect ShellCheck was told. */
  shell: string;
}

/** What ShellCheck is told for a dialect: BusyBox ash is `busybox` from ShellCheck 0.10 on, `dash` before. */
export function shellName(dialect: Dialect, busybox: boolean): string {
  return dialect === 'ash' ? (busybox ? 'busybox' : 'dash') : dialect;
}

const origins = new Map<string, FindingOrigin>();

/** What a ShellCheck code is to the report, hover and SARIF: a rule of its own, named by its code. */
function shellcheckOrigin(code: string): FindingOrigin {
  let origin = origins.get(code);
  if (!origin) {
    origin = { meta: { id: code, category: 'correctness', severity: 'warning', aliases: [], description: `ShellCheck ${code}, in a RUN script (see the ShellCheck wiki).`, fixable: false } };
    origins.set(code, origin);
  }
  return origin;
}

/**
 * The findings of one script from ShellCheck's comments on its file. BusyBox ash checked as dash
 * (ShellCheck before 0.10) loses the SC3xxx portability findings: they list what dash lacks, and
 * BusyBox has most of it (`[[`, `local`, `${v:0:1}`, `$RANDOM`, `source`).
 */
export function toFindings(script: ShellcheckScript, file: { headerLines: number; shell: string }, comments: readonly ShellcheckComment[], levels: ShellcheckJob['levels']): RuleFinding[] {
  const { headerLines } = file;
  const dashForAsh = script.dialect === 'ash' && file.shell === 'dash';
  const lineStarts = [0];
  for (let i = 0; i < script.body.length; i++) if (script.body[i] === '\n') lineStarts.push(i + 1);
  const before = script.shebang ? 1 : 0;
  /** The body line of a line of the file (0-based), or -1 for a header line. */
  const bodyLine = (line: number) => (line <= before ? line - 1 : line <= before + headerLines ? -1 : line - 1 - headerLines);
  const offsetOf = (line: number, column: number) => {
    const index = bodyLine(line);
    if (index < 0) return -1;
    if (index >= lineStarts.length) return script.body.length;
    const start = lineStarts[index];
    const end = index + 1 < lineStarts.length ? lineStarts[index + 1] - 1 : script.body.length;
    return Math.min(end, start + utf16Length(script.body, start, Math.max(0, column - 1)));
  };
  const findings: RuleFinding[] = [];
  for (const comment of comments) {
    const code = `SC${comment.code}`;
    const level: RuleLevel | undefined = levels[code];
    if (level === 'off' || script.ignored.includes(code) || (dashForAsh && comment.code >= 3000 && comment.code < 4000)) continue;
    const start = offsetOf(comment.line, comment.column);
    if (start < 0) continue;
    const end = Math.max(start, offsetOf(comment.endLine, comment.endColumn));
    findings.push({
      range: rangeOf(script, start, end),
      message: script.trigger ? `${comment.message} (ONBUILD: this RUN runs in the build of an image FROM this one.)` : comment.message,
      severity: level ?? (QUIET_CODES.has(code) ? 'hint' : SEVERITY[comment.level] ?? 'warning'),
      rule: shellcheckOrigin(code),
    });
  }
  return findings;
}

/** UTF-16 length of the first `codePoints` code points from `start` (ShellCheck counts characters). */
function utf16Length(text: string, start: number, codePoints: number): number {
  let i = start;
  for (let n = 0; n < codePoints && i < text.length && text[i] !== '\n'; n++) {
    const code = text.charCodeAt(i);
    i += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
  }
  return i - start;
}

/** The document range of body characters `[start, end)`; an empty span covers the character at `start`. */
function rangeOf(script: ShellcheckScript, start: number, end: number): Range {
  const at = (offset: number) => ({ line: script.positions[2 * offset], character: script.positions[2 * offset + 1] });
  let last = end - 1;
  if (end <= start) {
    if (start >= script.body.length || script.body[start] === '\n') return { start: at(start), end: at(start) };
    last = start;
  }
  const lastPosition = at(last);
  return { start: at(start), end: { line: lastPosition.line, character: lastPosition.character + 1 } };
}
