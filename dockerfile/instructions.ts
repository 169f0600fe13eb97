// Converts dockerfile-ast instructions into the model's plain `Instruction` records.
import type { Instruction as AstInstruction, Flag as AstFlag } from 'dockerfile-ast';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CommandForm, Flag, Heredoc, Instruction, Property, Range, Word } from './types';
import { logicalSource } from './text';

/** Instructions whose arguments may be a JSON array (exec form). */
const COMMAND_INSTRUCTIONS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK']);

interface AstLike {
  getRange(): Range;
  getKeyword(): string;
  getInstruction(): string;
  getInstructionRange(): Range;
  getArguments(): Array<{ getValue(): string; getRange(): Range }>;
  getFlags?: () => AstFlag[];
  getProperties?: () => Array<{ getName(): string; getValue(): string | null; getRange(): Range; getNameRange(): Range; getValueRange(): Range | null }>;
  getHeredocs?: () => Array<{ getName(): string; getContentRange(): Range | null; getStartRange(): Range; getDelimiterRange(): Range | null; getNameRange(): Range }>;
  /** ONBUILD: the trigger instruction. */
  getTriggerInstruction?: () => AstInstruction | null;
}

export function toInstruction(ast: AstInstruction, index: number, document: TextDocument, escapeChar: string): Instruction {
  const node = ast as unknown as AstLike;
  const text = document.getText();
  const range = node.getRange();
  const keyword = node.getKeyword();
  const heredocs = guarded(() => (node.getHeredocs?.() ?? []).map((heredoc) => toHeredoc(heredoc, text, document)), []);
  const insideHeredoc = (r: Range) => heredocs.some((h) => r.start.line >= h.range.start.line && r.start.line <= h.range.end.line);
  const allFlags = guarded(() => (node.getFlags?.() ?? []).map(toFlag), []);
  const args: Word[] = guarded(() => node.getArguments()
    .map((argument) => ({ value: argument.getValue(), range: argument.getRange() }))
    .filter((word) => !insideHeredoc(word.range)), []);
  // `--` ends the flags (BuildKit, as POSIX utilities): the words after it are arguments.
  const end = allFlags.findIndex((flag) => sliceOf(text, document, flag.range) === '--');
  const flags = end < 0 ? allFlags : allFlags.slice(0, end);
  if (end >= 0) args.unshift(...allFlags.slice(end + 1).map((flag) => ({ value: sliceOf(text, document, flag.range), range: flag.range })));
  const properties: Property[] = guarded(() => (node.getProperties?.() ?? []).map((property) => ({
    name: property.getName(), value: property.getValue(), range: property.getRange(),
    nameRange: property.getNameRange(), valueRange: property.getValueRange(),
  })), []);
  const argsRange = args.length ? { start: args[0].range.start, end: args[args.length - 1].range.end } : null;
  const instruction: Instruction = {
    index, keyword, rawKeyword: node.getInstruction(), range, keywordRange: node.getInstructionRange(),
    flags, args, argsRange, form: 'none', json: null, properties, heredocs, stageIndex: -1,
    text: sliceOf(text, document, range), trigger: null,
  };
  if (keyword === 'ONBUILD') {
    const trigger = guarded(() => node.getTriggerInstruction?.() ?? null, null);
    instruction.trigger = trigger ? toInstruction(trigger, index, document, escapeChar) : null;
  }
  if (COMMAND_INSTRUCTIONS.has(keyword)) {
    const commandArgs = keyword === 'HEALTHCHECK' ? healthcheckCommand(args) : args;
    const parsed = parseCommandForm(commandArgs, text, document, escapeChar);
    instruction.form = parsed.form;
    instruction.json = parsed.json;
  }
  return instruction;
}

function sliceOf(text: string, document: TextDocument, range: Range): string {
  return text.slice(document.offsetAt(range.start), document.offsetAt(range.end));
}

function toFlag(flag: AstFlag): Flag {
  return {
    name: flag.getName(), value: flag.getValue(), range: flag.getRange(), nameRange: flag.getNameRange(),
    valueRange: flag.getValueRange(),
    options: flag.getOptions().map((option) => ({
      name: option.getName(), value: option.getValue(), range: option.getRange(), valueRange: option.getValueRange(),
    })),
  };
}

function toHeredoc(heredoc: NonNullable<ReturnType<NonNullable<AstLike['getHeredocs']>>>[number], text: string, document: TextDocument): Heredoc {
  const contentRange = heredoc.getContentRange();
  const delimiter = heredoc.getDelimiterRange();
  const startLine = heredoc.getStartRange().start.line + 1;
  const end = delimiter?.end ?? contentRange?.end ?? { line: startLine, character: 0 };
  const start = { line: Math.min(startLine, end.line), character: 0 };
  const operator = text.slice(document.offsetAt(heredoc.getStartRange().start), document.offsetAt(heredoc.getNameRange().start));
  return {
    name: heredoc.getName(),
    stripTabs: operator.includes('-'),
    contentRange,
    content: contentRange ? text.slice(document.offsetAt(contentRange.start), document.offsetAt(contentRange.end)) : '',
    range: { start, end },
  };
}

/** `HEALTHCHECK [flags] CMD ...` → the words after CMD; `HEALTHCHECK NONE` → none. */
function healthcheckCommand(args: Word[]): Word[] {
  return args.length && args[0].value.toUpperCase() === 'CMD' ? args.slice(1) : [];
}

/** Exec form when the arguments are a JSON array of strings, exactly as BuildKit decides. */
function parseCommandForm(args: Word[], text: string, document: TextDocument, escapeChar: string): { form: CommandForm; json: Word[] | null } {
  if (!args.length) return { form: 'none', json: null };
  const start = document.offsetAt(args[0].range.start);
  const end = document.offsetAt(args[args.length - 1].range.end);
  if (text[start] !== '[') return { form: 'shell', json: null };
  const source = logicalSource(text, start, end, escapeChar, (offset) => document.positionAt(offset));
  let decoded: unknown;
  try {
    decoded = JSON.parse(source.text);
  } catch {
    return { form: 'shell', json: null };
  }
  if (!Array.isArray(decoded) || !decoded.every((item) => typeof item === 'string')) return { form: 'shell', json: null };
  const json: Word[] = [];
  const pattern = /"(?:[^"\\]|\\.)*"/g;
  for (let match = pattern.exec(source.text); match; match = pattern.exec(source.text)) {
    const from = match.index;
    const to = from + match[0].length;
    json.push({
      value: JSON.parse(match[0]) as string,
      range: { start: document.positionAt(source.offsets[from]), end: document.positionAt(source.offsets[to - 1] + 1) },
    });
  }
  return { form: 'json', json };
}

/** dockerfile-ast throws on some malformed input (e.g. heredocs cut by a lone CR): degrade, never crash. */
function guarded<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
