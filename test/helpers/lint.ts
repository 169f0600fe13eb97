// Helpers for rule tests: lint a text with in-memory context files, pick one rule's findings,
// apply fixes, check a fix clears its finding, and repeat a case in every line-continuation form.
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { DEFAULT_LINT_SETTINGS, type LintSettings } from '../../common/settings';
import { configFromText } from '../../lint/config/projectConfig';
import { memoryContext } from '../../lint/context/buildContext';
import { RULES } from '../../lint/rules/catalog';
import type { RuleFinding } from '../../lint/engine';
import { buildModel } from '../../dockerfile/model';
import type { Fix } from '../../lint/rule';
import { lintDocument, type LintResult } from '../../lint/service';

export interface LintTextOptions {
  /** Build context files, relative path → content (e.g. `{ 'go.mod': 'module x\ngo 1.22\n' }`); a
   * `.dockscope.yaml` / `.hadolint.yaml` among them is used as the project config. */
  files?: Record<string, string>;
  settings?: Partial<LintSettings>;
  target?: string;
}

export function lintText(text: string, options: LintTextOptions = {}): LintResult {
  const settings: LintSettings = { ...DEFAULT_LINT_SETTINGS, ...options.settings, rules: { ...options.settings?.rules } };
  const files = options.files ?? {};
  const configName = ['.dockscope.yaml', '.dockscope.yml', '.hadolint.yaml', '.hadolint.yml'].find((name) => name in files);
  return lintDocument({
    uri: 'file:///memory/Dockerfile', text, settings, target: options.target,
    context: memoryContext(files),
    config: configName ? configFromText(`/memory/${configName}`, files[configName], RULES) : null,
  });
}

export function findingsOf(id: string, text: string, options: LintTextOptions = {}): RuleFinding[] {
  return lintText(text, options).findings.filter((finding) => finding.rule.meta.id === id);
}

/** Lines (0-based) of a rule's findings, sorted. */
export function linesOf(id: string, text: string, options: LintTextOptions = {}): number[] {
  return findingsOf(id, text, options).map((finding) => finding.range.start.line).sort((a, b) => a - b);
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const document = TextDocument.create('file:///memory/Dockerfile', 'dockerfile', 0, text);
  return TextDocument.applyEdits(document, [...edits]);
}

export function applyFix(text: string, fix: Fix): string {
  return applyEdits(text, fix.edits);
}

/** Applies a fix to the Dockerfile and the context files it creates. */
export function applyFixToProject(text: string, files: Record<string, string>, fix: Fix): { text: string; files: Record<string, string> } {
  const next = { ...files };
  for (const file of fix.createFiles ?? []) next[file.path] = file.append && next[file.path] !== undefined ? next[file.path] + file.content : file.content;
  return { text: applyFix(text, fix), files: next };
}

/**
 * Applies every fix of every finding of `id` (one at a time) and re-lints: that finding is gone,
 * the result still parses (no `syntax` error) and no new error-severity finding appears.
 * Returns the fixed texts, in order, for further assertions.
 */
export function expectFixClears(id: string, text: string, options: LintTextOptions = {}): string[] {
  const before = lintText(text, options).findings;
  const targets = before.filter((finding) => finding.rule.meta.id === id);
  assert.ok(targets.length > 0, `expected a ${id} finding in:\n${text}`);
  const fixed: string[] = [];
  for (const finding of targets) {
    assert.ok(finding.fixes?.length, `expected a fix on ${id} at line ${finding.range.start.line}: ${finding.message}`);
    for (const fix of finding.fixes) {
      const project = applyFixToProject(text, options.files ?? {}, fix);
      const after = lintText(project.text, { ...options, files: project.files }).findings;
      const remaining = after.filter((f) => f.rule.meta.id === id);
      assert.ok(remaining.length < targets.length, `"${fix.title}" did not clear ${id}:\n${project.text}`);
      assert.ok(!remaining.some((f) => f.message === finding.message && f.range.start.line === finding.range.start.line && text === project.text),
        `"${fix.title}" left the finding in place`);
      const errorsBefore = new Set(before.filter((f) => f.severity === 'error').map(key));
      const newErrors = after.filter((f) => f.severity === 'error' && f.rule.meta.id !== id && !errorsBefore.has(key(f)));
      assert.deepEqual(newErrors.map(key), [], `"${fix.title}" introduced errors:\n${project.text}`);
      assert.ok(!after.some((f) => f.rule.meta.id === 'syntax' && f.severity === 'error' && !errorsBefore.has(key(f))),
        `"${fix.title}" produced a Dockerfile that does not parse:\n${project.text}`);
      fixed.push(project.text);
    }
  }
  return fixed;
}

function key(finding: RuleFinding): string {
  return `${finding.rule.meta.id}: ${finding.message}`;
}

export interface ContinuationForm {
  name: 'backslash' | 'backtick' | 'crlf' | 'lowercase';
  text: string;
  /** Maps a line of the original text to the same line in this form. */
  line(original: number): number;
}

/**
 * The same Dockerfile written four ways: as given (`\` continuations, LF), with
 * `# escape=\`` and backtick continuations, with CRLF line endings, and with lower-case
 * instruction keywords. Write cases with `\` continuations and LF.
 */
export function continuationForms(text: string): ContinuationForm[] {
  const model = buildModel(text);
  const lines = text.split('\n');
  const heredocLines = new Set<number>();
  for (const instruction of model.instructions) {
    for (const heredoc of instruction.heredocs) {
      for (let l = heredoc.range.start.line; l <= heredoc.range.end.line; l++) heredocLines.add(l);
    }
  }
  const backtick = lines.map((line, i) => (heredocLines.has(i) ? line : line.replace(/\\([ \t]*)$/, '`$1')));
  const lowercase = [...lines];
  for (const instruction of model.instructions) {
    const { line, character } = instruction.keywordRange.start;
    const end = instruction.keywordRange.end.character;
    lowercase[line] = lowercase[line].slice(0, character) + lowercase[line].slice(character, end).toLowerCase() + lowercase[line].slice(end);
  }
  const same = (l: number) => l;
  return [
    { name: 'backslash', text, line: same },
    { name: 'backtick', text: ['# escape=`', ...backtick].join('\n'), line: (l) => l + 1 },
    { name: 'crlf', text: text.replace(/\r?\n/g, '\r\n'), line: same },
    { name: 'lowercase', text: lowercase.join('\n'), line: same },
  ];
}

/** Asserts the rule's finding lines (0-based, in the original text) in every continuation form. */
export function expectLinesInEveryForm(id: string, text: string, expected: number[], options: LintTextOptions = {}): void {
  for (const form of continuationForms(text)) {
    assert.deepEqual(linesOf(id, form.text, options), expected.map(form.line), `${id} in the ${form.name} form of:\n${form.text}`);
  }
}

/** Runs `expectFixClears` in every continuation form; fixed CRLF texts must stay CRLF. */
export function expectFixClearsInEveryForm(id: string, text: string, options: LintTextOptions = {}): void {
  for (const form of continuationForms(text)) {
    for (const fixed of expectFixClears(id, form.text, options)) {
      if (form.name === 'crlf') assert.ok(!/[^\r]\n/.test(fixed), `a fix of ${id} wrote a bare LF into a CRLF file:\n${JSON.stringify(fixed)}`);
    }
  }
}
