// Edits of RUN commands that keep the shell valid: appending `&& cmd` after the last real token
// (so a trailing `# comment` cannot swallow it) and merging two RUNs in the file's style.
import type { Position } from 'vscode-languageserver-types';
import type { Fix, RuleContext } from '../rule';
import { shellSourcesOf } from '../../dockerfile/commandSource';
import { rangeOf, type ShellSource } from '../../dockerfile/shell';
import { tokenize } from '../../dockerfile/shellTokens';
import type { Instruction } from '../../dockerfile/types';

/**
 * Where `&& more` can be appended to a shell source: after its last word or closing `)`.
 * Null when the script ends with `&` (backgrounded) or a dangling operator.
 */
export function appendPoint(source: ShellSource): Position | null {
  const tokens = tokenize(source.text).filter((token) => !(token.kind === 'op' && (token.op === '\n' || token.op === ';')));
  const last = tokens[tokens.length - 1];
  if (!last) return null;
  if (last.kind === 'op' && last.op !== ')') return null;
  if (last.kind === 'redirect') return null;
  return rangeOf(source, last.start, last.end).end;
}

/** The command-line source of a shell-form RUN without heredocs (what merges can edit). */
function plainRunSource(ctx: RuleContext, instruction: Instruction): ShellSource | null {
  if (instruction.keyword !== 'RUN' || instruction.form !== 'shell' || instruction.heredocs.length) return null;
  return shellSourcesOf(instruction, ctx.model)[0] ?? null;
}

export function flagsText(ctx: RuleContext, instruction: Instruction): string {
  return instruction.flags.map((flag) => ctx.textOf(flag.range)).join(' ');
}

/** Top-level commands whose effect carries over to the next command of the same shell. */
const STATEFUL = new Set(['cd', 'pushd', 'popd', 'export', 'unset', 'set', 'umask', 'source', '.', 'alias', 'shopt', 'trap', 'ulimit', 'exec']);

/**
 * Merges `second` into `first` (`first && \⏎ second`) when that runs the same commands with the
 * same result: plain shell-form RUNs, equal flags, `first` leaves no shell state behind (cd,
 * export, ...), and `second` is a plain `&&` chain (so a failing `first` still fails the step).
 * With `keepFlagsOf: 'second'`, `first` (which must have no flags) moves into `second` instead.
 */
export function mergeRunsFix(ctx: RuleContext, first: Instruction, second: Instruction, title: string, keepFlagsOf: 'first' | 'second' = 'first'): Fix | null {
  const firstSource = plainRunSource(ctx, first);
  const secondSource = plainRunSource(ctx, second);
  if (!firstSource || !secondSource || !second.argsRange || !first.argsRange) return null;
  const firstFlags = flagsText(ctx, first);
  const secondFlags = flagsText(ctx, second);
  if (keepFlagsOf === 'first' ? firstFlags !== secondFlags : firstFlags !== '' && firstFlags !== secondFlags) return null;
  const firstScript = ctx.model.shellOf(first);
  const secondScript = ctx.model.shellOf(second);
  if (!firstScript || !secondScript || !secondScript.commands.length) return null;
  if (firstScript.commands.some((command) => !command.nested && (STATEFUL.has(command.name ?? '') || (command.name === null && command.assignments.length)))) return null;
  const topLevel = secondScript.pipelines.filter((pipeline) => !pipeline.commands[0]?.nested);
  if (topLevel.slice(1).some((pipeline) => pipeline.separator !== '&&')) return null;
  const end = appendPoint(firstSource);
  if (!end) return null;
  const indent = ctx.indentOf(first.range.start.line) + ctx.continuationIndent();
  if (keepFlagsOf === 'first' || firstFlags === secondFlags) {
    const secondText = ctx.textOf({ start: second.argsRange.start, end: second.range.end });
    return {
      title, preferred: true, safe: true,
      edits: [ctx.insertAt(end, ` &&${ctx.lineBreak(indent)}${secondText}`), ctx.deleteInstruction(second)],
    };
  }
  // `first` has no flags and `second` has some (e.g. cache mounts): `first` moves into `second`.
  const firstText = ctx.textOf({ start: first.argsRange.start, end });
  const secondIndent = ctx.indentOf(second.range.start.line) + ctx.continuationIndent();
  return {
    title, preferred: true, safe: true,
    edits: [ctx.deleteInstruction(first), ctx.insertAt(second.argsRange.start, `${firstText} &&${ctx.lineBreak(secondIndent)}`)],
  };
}

/** The instruction after `instruction` in its stage (comments are not instructions), or null. */
export function nextInStage(ctx: RuleContext, instruction: Instruction): Instruction | null {
  const stage = ctx.stageOf(instruction);
  if (!stage) return null;
  const at = stage.instructions.indexOf(instruction);
  return at >= 0 ? stage.instructions[at + 1] ?? null : null;
}
