// Shell commands of RUN/CMD/ENTRYPOINT as data: pipelines of simple commands with env prefixes,
// argv words with document ranges, redirections, and `set -o pipefail` state. Built on the
// offset-keeping tokenizer; compound commands (if/for/while/case, groups, subshells) are
// flattened to the simple commands they contain, which is what the rules reason about.
import type { Range } from 'vscode-languageserver-types';
import { tokenize, type RedirectToken, type Token, type WordToken } from './shellTokens';

/** Logical shell text plus the document offset of each of its characters. */
export interface ShellSource {
  text: string;
  /** `offsets[i]` = document offset of `text[i]`; one extra entry for the end. */
  offsets: ArrayLike<number>;
  positionAt(offset: number): { line: number; character: number };
}

export interface ShellWord {
  raw: string;
  /** Unquoted value (expansions kept as written). */
  value: string;
  quoted: boolean;
  /** Holds a `$` expansion or command substitution. */
  dynamic: boolean;
  range: Range;
  /** Offsets in the logical text (for slicing `ShellScript.source.text`). */
  start: number;
  end: number;
}

export interface Assignment {
  name: string;
  value: string;
  word: ShellWord;
}

export interface Redirect {
  op: string;
  fd: string | null;
  target: ShellWord | null;
  range: Range;
}

export interface SimpleCommand {
  /** Basename of argv[0] (`/usr/bin/go` → `go`); null for a bare assignment like `X=1`. */
  name: string | null;
  argv: ShellWord[];
  /** `NAME=value` words before the command (`CGO_ENABLED=0 go build`). */
  assignments: Assignment[];
  redirects: Redirect[];
  range: Range;
  /** Inside `$(...)` or backticks. */
  nested: boolean;
  pipeline: Pipeline;
  /** The command behind `sudo`, `env X=1`, `exec`, `time`, `nice`, `nohup`, `command`. */
  effective: { name: string | null; args: ShellWord[]; env: Assignment[]; wrappers: string[] };
}

export interface Pipeline {
  commands: SimpleCommand[];
  negated: boolean;
  /** The operator before this pipeline (`&&`, `||`, `;`, `&`, newline), null for the first. */
  separator: string | null;
  /** `set -o pipefail` is in effect when this pipeline starts. */
  pipefail: boolean;
  /** Part of the condition of `if`/`elif`/`while`/`until`: its status is tested, not fatal. */
  condition: boolean;
  range: Range;
  source: ShellSource;
}

export interface ShellScript {
  pipelines: Pipeline[];
  /** Every simple command in order, including those inside substitutions (`nested`). */
  commands: SimpleCommand[];
}

const RESERVED_PREFIX = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '{', '!', 'fi', 'done', '}', 'esac']);
const CONDITION_START = new Set(['if', 'elif', 'while', 'until']);
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'time', 'nice', 'nohup', 'command', 'doas']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

export function parseShell(source: ShellSource, initialPipefail = false): ShellScript {
  const script: ShellScript = { pipelines: [], commands: [] };
  splitInto(script, source, 0, source.text.length, false, initialPipefail);
  return script;
}

export function emptyScript(): ShellScript {
  return { pipelines: [], commands: [] };
}

function splitInto(script: ShellScript, source: ShellSource, from: number, to: number, nested: boolean, pipefailAtStart: boolean): void {
  const tokens = tokenize(source.text, from, to);
  let pipefail = pipefailAtStart;
  let pipeline: Pipeline | null = null;
  let current: { words: WordToken[]; assignments: WordToken[]; redirects: Redirect[]; start: number; end: number } | null = null;
  let separator: string | null = null;
  let skipUntilSeparator = false;
  let skipUntilEsac = false;
  let negated = false;
  let condition = false;
  /** A `|` was seen since the pipeline's last command: the next command joins it. */
  let pipeOpen = false;

  const endCommand = () => {
    if (!current) return;
    if (current.words.length || current.assignments.length) {
      // `(a) b` or `(a) else b`: a command after a group without `|` starts a new pipeline.
      if (pipeline && pipeline.commands.length && !pipeOpen) {
        script.pipelines.push(pipeline);
        pipeline = null;
        separator = ';';
      }
      pipeOpen = false;
      pipeline ??= newPipeline(source, separator, pipefail, negated, condition, current.start);
      const command = toCommand(source, current, pipeline, nested);
      pipeline.commands.push(command);
      pipeline.range = { start: pipeline.range.start, end: command.range.end };
      script.commands.push(command);
      pipefail = pipefailAfter(command, pipefail);
    }
    current = null;
  };
  const endPipeline = (op: string) => {
    endCommand();
    if (pipeline) script.pipelines.push(pipeline);
    pipeline = null;
    pipeOpen = false;
    negated = false;
    separator = op;
  };

  for (let t = 0; t < tokens.length; t++) {
    const token: Token = tokens[t];
    if (skipUntilEsac) {
      if (token.kind === 'word' && token.value === 'esac') skipUntilEsac = false;
      continue;
    }
    if (token.kind === 'op') {
      if (token.op === '|' || token.op === '|&') {
        endCommand();
        pipeOpen = true;
        continue;
      }
      if (token.op === '(' || token.op === ')') { endCommand(); continue; }
      skipUntilSeparator = false;
      endPipeline(token.op);
      continue;
    }
    if (skipUntilSeparator) {
      if (token.kind === 'word' && token.value === 'do') skipUntilSeparator = false;
      continue;
    }
    if (token.kind === 'redirect') {
      const next = tokens[t + 1];
      const target = next?.kind === 'word' ? next : null;
      if (target) t++;
      current ??= { words: [], assignments: [], redirects: [], start: token.start, end: token.end };
      current.redirects.push(toRedirect(source, token, target));
      current.end = target?.end ?? token.end;
      continue;
    }
    for (const substitution of token.substitutions) {
      splitInto(script, source, substitution.start, substitution.end, true, pipefail);
    }
    const atStart = !current || (current.words.length === 0 && current.assignments.length === 0);
    if (atStart && !token.quoted) {
      if (token.value === '!') { negated = true; continue; }
      if (CONDITION_START.has(token.value)) condition = true;
      else if (token.value === 'then' || token.value === 'do') condition = false;
      if (RESERVED_PREFIX.has(token.value)) continue;
      if (token.value === 'for' || token.value === 'select') { skipUntilSeparator = true; continue; }
      if (token.value === 'case') { skipUntilEsac = true; continue; }
    }
    current ??= { words: [], assignments: [], redirects: [], start: token.start, end: token.end };
    if (current.words.length === 0 && ASSIGNMENT.test(token.raw)) current.assignments.push(token);
    else current.words.push(token);
    current.end = token.end;
  }
  endPipeline(';');
}

function newPipeline(source: ShellSource, separator: string | null, pipefail: boolean, negated: boolean, condition: boolean, start: number): Pipeline {
  const range = rangeOf(source, start, start);
  return { commands: [], negated, separator, pipefail, condition, range, source };
}

function toCommand(source: ShellSource, parts: { words: WordToken[]; assignments: WordToken[]; redirects: Redirect[]; start: number; end: number }, pipeline: Pipeline, nested: boolean): SimpleCommand {
  const argv = parts.words.map((word) => toWord(source, word));
  const assignments = parts.assignments.map((word) => toAssignment(source, word));
  const name = argv.length ? basename(argv[0].value) : null;
  return {
    name, argv, assignments, redirects: parts.redirects, nested, pipeline,
    range: rangeOf(source, parts.start, parts.end),
    effective: unwrap(argv, assignments),
  };
}

function toWord(source: ShellSource, token: WordToken): ShellWord {
  return {
    raw: token.raw, value: token.value, quoted: token.quoted, dynamic: token.dynamic,
    range: rangeOf(source, token.start, token.end), start: token.start, end: token.end,
  };
}

function toAssignment(source: ShellSource, token: WordToken): Assignment {
  const eq = token.value.indexOf('=');
  return { name: token.value.slice(0, eq), value: token.value.slice(eq + 1), word: toWord(source, token) };
}

function toRedirect(source: ShellSource, token: RedirectToken, target: WordToken | null): Redirect {
  return {
    op: token.op, fd: token.fd, target: target ? toWord(source, target) : null,
    range: rangeOf(source, token.start, target?.end ?? token.end),
  };
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Skips command wrappers and their options to the command that actually runs. */
function unwrap(argv: ShellWord[], assignments: Assignment[]): SimpleCommand['effective'] {
  const env = [...assignments];
  const wrappers: string[] = [];
  let i = 0;
  while (i < argv.length && WRAPPERS.has(basename(argv[i].value))) {
    const wrapper = basename(argv[i].value);
    wrappers.push(wrapper);
    i++;
    while (i < argv.length) {
      const value = argv[i].value;
      if (wrapper === 'env' && ASSIGNMENT.test(value)) {
        const eq = value.indexOf('=');
        env.push({ name: value.slice(0, eq), value: value.slice(eq + 1), word: argv[i] });
      } else if (value.startsWith('-') && value !== '-') {
        // Options with a separate value (`sudo -u user`, `nice -n 10`).
        if (/^-[ugnCDhprTU]$/.test(value) && wrapper !== 'env' && wrapper !== 'command') i++;
      } else {
        break;
      }
      i++;
    }
  }
  const rest = argv.slice(i);
  return { name: rest.length ? basename(rest[0].value) : null, args: rest.slice(1), env, wrappers };
}

/** `set -o pipefail`, `set -euo pipefail`, `set +o pipefail`. */
function pipefailAfter(command: SimpleCommand, before: boolean): boolean {
  if (command.name !== 'set' || command.nested) return before;
  let state = before;
  const args = command.argv.slice(1).map((word) => word.value);
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (/^[-+][a-zA-Z]*o$/.test(flag) && args[i + 1] === 'pipefail') state = flag.startsWith('-');
  }
  return state;
}

export function rangeOf(source: ShellSource, start: number, end: number): Range {
  const startOffset = source.offsets[start] ?? source.offsets[source.text.length];
  const endOffset = end > start ? source.offsets[end - 1] + 1 : startOffset;
  return { start: source.positionAt(startOffset), end: source.positionAt(endOffset) };
}
