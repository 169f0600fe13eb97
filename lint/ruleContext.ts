// What a rule gets: the model, the build context, settings, and edit helpers that keep the
// file's line endings, indentation and continuation style in multi-line fixes.
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { LintSettings } from '../common/settings';
import { snapshotContext, type BuildContext } from './context/buildContext';
import { goInvocations, type GoInvocation } from './go/invocations';
import type { DockerfileModel, Instruction, Stage } from '../dockerfile/types';

/** What the project config (`.dockscope.yaml` / `.hadolint.yaml`) tells rules beyond levels. */
export interface ProjectRuleOptions {
  /** Registries images may come from; absent when the project does not restrict them. */
  trustedRegistries?: readonly string[];
}

export class RuleContext {
  readonly text: string;
  readonly eol: '\n' | '\r\n';
  /** `\` or the backtick of `# escape=\``. */
  readonly escapeChar: '\\' | '`';
  /** The build context, answering each question once per lint. */
  readonly context: BuildContext;
  private invocations: GoInvocation[] | null = null;

  constructor(
    readonly model: DockerfileModel,
    context: BuildContext,
    readonly settings: LintSettings,
    readonly project: ProjectRuleOptions = {},
  ) {
    this.context = snapshotContext(context);
    this.text = model.text;
    this.eol = model.eol;
    this.escapeChar = model.escapeChar;
  }

  /** Every `go ...` command of the file, with env, flags and outputs (cached per model). */
  goInvocations(): GoInvocation[] {
    this.invocations ??= goInvocations(this.model, { modulePath: this.context.goMod()?.module ?? null });
    return this.invocations;
  }

  stageOf(instruction: Instruction): Stage | null {
    return this.model.stages[instruction.stageIndex] ?? null;
  }

  lineText(line: number): string {
    return this.model.lines[line] ?? '';
  }

  /** Leading whitespace of a line. */
  indentOf(line: number): string {
    return /^[ \t]*/.exec(this.lineText(line))?.[0] ?? '';
  }

  /** The indentation the file uses for continued lines (`    && make`), default four spaces. */
  continuationIndent(): string {
    this.indent ??= this.findContinuationIndent();
    return this.indent;
  }

  private indent: string | undefined;

  private findContinuationIndent(): string {
    const lines = this.model.lines;
    for (let i = 0; i + 1 < lines.length; i++) {
      if (!endsWithContinuation(lines[i], this.escapeChar)) continue;
      const next = /^[ \t]+/.exec(lines[i + 1])?.[0];
      if (next) return next.slice(this.indentOf(i).length) || next;
    }
    return '    ';
  }

  /** ` \` + EOL + indent: what goes between two parts of a continued command. */
  lineBreak(indent = this.continuationIndent()): string {
    return ` ${this.escapeChar}${this.eol}${indent}`;
  }

  /** Joins shell commands as `a && \` + newline + `    b`, in the file's style. */
  joinCommands(commands: string[], baseIndent = ''): string {
    return commands.join(` &&${this.lineBreak(baseIndent + this.continuationIndent())}`);
  }

  replace(range: Range, newText: string): TextEdit {
    return { range, newText };
  }

  insertAt(position: Range['start'], newText: string): TextEdit {
    return { range: { start: position, end: position }, newText };
  }

  /** Inserts whole lines before an instruction, indented like it (empty lines stay empty). */
  insertLinesBefore(instruction: Instruction, lines: string[]): TextEdit {
    const line = instruction.range.start.line;
    const indent = this.indentOf(line);
    return this.insertAt({ line, character: 0 }, lines.map((text) => (text ? indent + text : '') + this.eol).join(''));
  }

  /** Inserts whole lines after an instruction (after its continuation lines and heredocs). */
  insertLinesAfter(instruction: Instruction, lines: string[]): TextEdit {
    const line = instruction.range.end.line;
    const indent = this.indentOf(instruction.range.start.line);
    const end = { line, character: this.lineText(line).length };
    return this.insertAt(end, lines.map((text) => this.eol + (text ? indent + text : '')).join(''));
  }

  /** Removes an instruction with its line ending (and the comment lines directly above it, if asked). */
  deleteInstruction(instruction: Instruction): TextEdit {
    const start = { line: instruction.range.start.line, character: 0 };
    const lastLine = instruction.range.end.line;
    const end = lastLine + 1 < this.model.lines.length
      ? { line: lastLine + 1, character: 0 }
      : { line: lastLine, character: this.lineText(lastLine).length };
    return { range: { start, end }, newText: '' };
  }

  /** Document text of a range. */
  textOf(range: Range): string {
    return this.text.slice(this.model.offsetAt(range.start), this.model.offsetAt(range.end));
  }
}

function endsWithContinuation(line: string, escapeChar: string): boolean {
  const trimmed = line.replace(/[ \t\r]+$/, '');
  return trimmed.endsWith(escapeChar) && !trimmed.trimStart().startsWith('#');
}
