// Code actions from a lint result: each finding's fixes as quick fixes with the WorkspaceEdit
// attached, "Ignore <id> for this instruction / file", and `source.fixAll.dockscope` (every safe
// fix, to a fixed point), also offered in the quick-fix menu.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeAction, CodeActionKind, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { RuleFinding } from './engine';
import { fixAll, type FixAllResult } from './fixAll';
import type { Fix } from './rule';
import type { LintResult } from './service';
import { instructionAtLine, type Pragma } from './suppressions';
import { afterByteOrderMark, hasByteOrderMark } from './util/byteOrderMark';
import { toDiagnostic } from './service';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.dockscope`;

export interface CodeActionRequest {
  range: Range;
  /** `context.only` of the request. */
  only?: string[];
  /** `context.diagnostics`: when given, only findings matching one of them. */
  diagnostics?: Diagnostic[];
}

export function codeActions(result: LintResult, request: CodeActionRequest): CodeAction[] {
  const only = request.only;
  const wants = (kind: string) => !only?.length || only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
  const actions: CodeAction[] = [];
  if (wants(CodeActionKind.QuickFix)) {
    const findings = result.findings.filter((finding) => overlaps(finding.range, request.range) && matchesDiagnostics(finding, request.diagnostics));
    const ignored = new Set<string>();
    for (const finding of findings) {
      const diagnostic = toDiagnostic(finding, result.uri);
      for (const fix of finding.fixes ?? []) actions.push(quickFix(result, fix, diagnostic));
      const key = `${finding.rule.meta.id}@${instructionAtLine(result.model, finding.range.start.line)?.index ?? -1}`;
      if (ignored.has(key)) continue;
      ignored.add(key);
      actions.push(...ignoreActions(result, finding, diagnostic));
    }
    // In the Ctrl+. menu too, when there is more than the one fix under the cursor.
    if (findings.some((finding) => finding.fixes?.some((fix) => fix.safe)) && fixAllOf(result).applied.length > 1) {
      const all = fixAllAction(result, CodeActionKind.QuickFix, 'Fix all auto-fixable Dockscope findings');
      if (all) actions.push(all);
    }
  }
  if (only?.some((requested) => FIX_ALL_KIND.startsWith(requested) && requested.startsWith(CodeActionKind.Source))) {
    const all = fixAllAction(result, FIX_ALL_KIND, 'Fix all safe Dockscope findings');
    if (all) actions.push(all);
  }
  return actions;
}

function matchesDiagnostics(finding: RuleFinding, diagnostics: Diagnostic[] | undefined): boolean {
  if (!diagnostics?.length) return true;
  return diagnostics.some((d) => d.code === finding.rule.meta.id && sameRange(d.range, finding.range));
}

function quickFix(result: LintResult, fix: Fix, diagnostic: Diagnostic): CodeAction {
  const action = CodeAction.create(fix.title, fixEdit(result, fix), CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  if (fix.preferred) action.isPreferred = true;
  return action;
}

/** A WorkspaceEdit for a fix; new files (e.g. `.dockerignore`) are created, never overwritten. */
export function fixEdit(result: LintResult, fix: Fix): WorkspaceEdit {
  if (!fix.createFiles?.length) return { changes: { [result.uri]: fix.edits } };
  const documentChanges: NonNullable<WorkspaceEdit['documentChanges']> = [];
  for (const file of fix.createFiles) {
    const uri = pathToFileURL(join(result.context.root, file.path)).toString();
    const existing = file.append ? result.context.readText(file.path) : null;
    if (existing !== null) {
      const lines = existing.split('\n');
      const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
      documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: end, end }, newText: file.content }] });
      continue;
    }
    documentChanges.push({ kind: 'create', uri, options: { ignoreIfExists: true } });
    documentChanges.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: file.content }] });
  }
  if (fix.edits.length) documentChanges.push({ textDocument: { uri: result.uri, version: null }, edits: fix.edits });
  return { documentChanges };
}

function ignoreActions(result: LintResult, finding: RuleFinding, diagnostic: Diagnostic): CodeAction[] {
  const id = finding.rule.meta.id;
  const actions: CodeAction[] = [];
  const instruction = instructionAtLine(result.model, finding.range.start.line);
  if (instruction) {
    const line = instruction.range.start.line;
    const above = result.suppressions.pragmas.find((p) => p.line === line - 1 && p.tool === 'dockscope' && !p.global && !p.stage);
    const indent = /^[ \t]*/.exec(result.model.lines[line] ?? '')?.[0] ?? '';
    const edit = above ? extendPragma(above, id) : insertLine(line, `${indent}# dockscope ignore=${id}`, result.model.eol);
    actions.push(ignoreAction(`Ignore ${id} for this instruction`, result.uri, hasByteOrderMark(result.text) ? afterByteOrderMark(edit) : edit, diagnostic));
  }
  const global = result.suppressions.pragmas.find((p) => p.tool === 'dockscope' && p.global);
  // After the parser directives: a comment above them would turn them into plain comments.
  const afterDirectives = result.model.directives.reduce((line, directive) => Math.max(line, directive.range.start.line + 1), 0);
  const edit = global ? extendPragma(global, id) : insertLine(afterDirectives, `# dockscope global ignore=${id}`, result.model.eol);
  actions.push(ignoreAction(`Ignore ${id} for this file`, result.uri, hasByteOrderMark(result.text) ? afterByteOrderMark(edit) : edit, diagnostic));
  return actions;
}

function ignoreAction(title: string, uri: string, edit: TextEdit, diagnostic: Diagnostic): CodeAction {
  const action = CodeAction.create(title, { changes: { [uri]: [edit] } }, CodeActionKind.QuickFix);
  action.diagnostics = [diagnostic];
  return action;
}

function extendPragma(pragma: Pragma, id: string): TextEdit {
  const position = { line: pragma.line, character: pragma.listEnd };
  return { range: { start: position, end: position }, newText: pragma.codes.length ? `,${id}` : id };
}

function insertLine(line: number, text: string, eol: string): TextEdit {
  const position = { line, character: 0 };
  return { range: { start: position, end: position }, newText: text + eol };
}

/** The fix-all of a lint result, computed once per result (code actions are asked for on every cursor move). */
const fixAllCache = new WeakMap<LintResult, FixAllResult>();

function fixAllOf(result: LintResult): FixAllResult {
  let fixed = fixAllCache.get(result);
  if (!fixed) fixAllCache.set(result, (fixed = fixAll(result)));
  return fixed;
}

/**
 * Every safe fix, applied to a fixed point (lint/fixAll.ts), as one action: one edit of the span
 * of the document that changed, and the files the fixes create or append to.
 */
function fixAllAction(result: LintResult, kind: string, title: string): CodeAction | null {
  const fixed = fixAllOf(result);
  if (!fixed.applied.length) return null;
  const edit = changedSpan(result, fixed.text);
  const fix: Fix = { title, edits: edit ? [edit] : [], createFiles: fixed.files };
  return CodeAction.create(title, fixEdit(result, fix), kind);
}

/** One edit that turns the document's text into `text`: the span between their common prefix and suffix. */
function changedSpan(result: LintResult, text: string): TextEdit | null {
  const before = result.text;
  if (before === text) return null;
  let start = 0;
  while (start < before.length && start < text.length && before[start] === text[start]) start++;
  let end = 0;
  while (end < before.length - start && end < text.length - start && before[before.length - 1 - end] === text[text.length - 1 - end]) end++;
  return {
    range: { start: result.model.positionAt(start), end: result.model.positionAt(before.length - end) },
    newText: text.slice(start, text.length - end),
  };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (x: Range['start'], y: Range['start']) => x.line < y.line || (x.line === y.line && x.character < y.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
