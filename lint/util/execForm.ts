// Converting a shell-form CMD/ENTRYPOINT/HEALTHCHECK to exec form, shared by
// no-shell-in-runtime and json-args-recommended. Only a plain word list converts: anything the
// shell would interpret (operators, redirections, expansions, globs) cannot run without a shell.
import type { Range } from 'vscode-languageserver-types';
import type { Instruction } from '../../dockerfile/types';
import type { Fix, RuleContext } from '../rule';

/** The words of a shell-form command (`HEALTHCHECK`: after `CMD`) and their document range. */
export function shellCommandRange(instruction: Instruction): Range | null {
  const words = instruction.keyword === 'HEALTHCHECK' ? instruction.args.slice(1) : instruction.args;
  if (!words.length || instruction.heredocs.length) return null;
  return { start: words[0].range.start, end: words[words.length - 1].range.end };
}

/** The argv the shell would run for a plain command, without a leading `exec`; else null. */
function plainArgv(ctx: RuleContext, instruction: Instruction): string[] | null {
  if (instruction.form !== 'shell' || instruction.heredocs.length) return null;
  const script = ctx.model.shellOf(instruction);
  if (!script || script.pipelines.length !== 1 || script.commands.length !== 1) return null;
  const [command] = script.commands;
  const pipeline = script.pipelines[0];
  if (pipeline.negated || command.assignments.length || command.redirects.length || command.nested) return null;
  if (!command.argv.every((word) => !word.dynamic && isLiteral(word.raw))) return null;
  const argv = command.argv.map((word) => word.value);
  if (argv[0] === 'exec') argv.shift();
  return argv.length && argv[0] !== '' ? argv : null;
}

/** A JSON array as Dockerfiles write it: `["/app", "--port", "8080"]`. */
function toJsonArray(argv: string[]): string {
  return `[${argv.map((arg) => JSON.stringify(arg)).join(', ')}]`;
}

/** The "convert to exec form" fix, or null when the command needs a shell. */
export function execFormFix(ctx: RuleContext, instruction: Instruction, safe: boolean): Fix | null {
  const range = shellCommandRange(instruction);
  const argv = plainArgv(ctx, instruction);
  if (!range || !argv) return null;
  return {
    title: `Convert ${instruction.keyword} to exec form`,
    edits: [ctx.replace(range, toJsonArray(argv))],
    preferred: true,
    safe,
  };
}

/**
 * True when no character of the raw word is special to the shell outside quotes: globs
 * (`*`, `?`, `[`), a leading `~`, and brace expansion. Quoted and escaped characters are literal.
 */
function isLiteral(raw: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"') i++;
      continue;
    }
    if (ch === '\\') { i++; continue; }
    if (ch === '"' || ch === "'") { quote = ch; continue; }
    if (ch === '*' || ch === '?' || ch === '[' || ch === '{' || (ch === '~' && i === 0)) return false;
  }
  return true;
}
