// Fix-all to a fixed point, for the editor's `source.fixAll.dockscope` (and its Ctrl+. entry) and
// for `dockscope lint --fix`: apply every safe fix that does not clash with another (errors
// first), lint the result again, and repeat until nothing safe is left to fix. One pass is not
// enough: two fixes that touch the same words (`-y` and `--no-install-recommends` after the same
// `install`) clash, so the second waits for the next pass.
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { overlayContext, type BuildContext } from './context/buildContext';
import type { RuleFinding } from './engine';
import { SEVERITY_RANK, type Fix } from './rule';
import { lintDocument, type LintResult } from './service';

/** A fix applied by the fix-all, for the CLI's report and the tests. */
export interface AppliedFix {
  ruleId: string;
  title: string;
  /** 0-based line of the finding in the text of the pass that applied it. */
  line: number;
}

/** A file a fix creates or appends to, relative to the build context. */
export interface FileWrite {
  path: string;
  content: string;
  append: boolean;
}

export interface FixAllResult {
  text: string;
  files: FileWrite[];
  applied: AppliedFix[];
  passes: number;
  /** The last lint: what is left after the fixes (its text is `text`). */
  result: LintResult;
}

/** Enough for every chain of fixes seen; a bound so a pair of fixes undoing each other cannot loop. */
const MAX_PASSES = 10;

/** Fixes `first` (a lint result) to a fixed point; each pass lints again with the same input. */
export function fixAll(first: LintResult, maxPasses = MAX_PASSES): FixAllResult {
  const input = { ...first.input, config: first.config, context: first.context };
  const files: FileWrite[] = [];
  const applied: AppliedFix[] = [];
  const seen = new Set<string>([first.text]);
  let result = first;
  let passes = 0;
  while (passes < maxPasses) {
    const pass = safeFixes(result);
    if (!pass.fixes.length) break;
    const document = TextDocument.create(result.uri, 'dockerfile', 0, result.text);
    const text = TextDocument.applyEdits(document, pass.fixes.flatMap(({ fix }) => fix.edits));
    const written = pass.fixes.flatMap(({ fix }) => (fix.createFiles ?? []).map((file) => ({ path: file.path, content: file.content, append: Boolean(file.append) })));
    // Same text and no new files: what is left cannot be fixed safely (or the fixes undo each other).
    if (seen.has(text) && !written.length) break;
    seen.add(text);
    passes += 1;
    files.push(...written);
    applied.push(...pass.fixes.map(({ finding, fix }) => ({ ruleId: finding.rule.meta.id, title: fix.title, line: finding.range.start.line })));
    result = lintDocument({ ...input, text, context: withWrites(result.context, written) });
  }
  return { text: result.text, files, applied, passes, result };
}

/**
 * One pass: the first safe fix of each finding, most severe findings first, skipping fixes whose
 * edits touch an edit already taken. A fix that creates a file is taken once per file.
 */
function safeFixes(result: LintResult): { fixes: Array<{ finding: RuleFinding; fix: Fix }> } {
  const offset = (position: TextEdit['range']['start']) => result.model.offsetAt(position);
  const taken: Array<[number, number]> = [];
  const createdFiles = new Set<string>();
  const fixes: Array<{ finding: RuleFinding; fix: Fix }> = [];
  const findings = [...result.findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  for (const finding of findings) {
    const fix = finding.fixes?.find((candidate) => candidate.safe && (candidate.edits.length || candidate.createFiles?.length));
    if (!fix) continue;
    const spans = fix.edits.map((edit) => [offset(edit.range.start), offset(edit.range.end)] as [number, number]);
    if (spans.some(([start, end]) => taken.some(([s, e]) => start <= e && s <= end))) continue;
    if (fix.createFiles?.some((file) => createdFiles.has(file.path))) continue;
    taken.push(...spans);
    for (const file of fix.createFiles ?? []) createdFiles.add(file.path);
    fixes.push({ finding, fix });
  }
  return { fixes };
}

/** The build context as the next pass sees it: files the previous passes created or appended to. */
function withWrites(context: BuildContext, written: readonly FileWrite[]): BuildContext {
  if (!written.length) return context;
  const texts = new Map<string, string>();
  for (const file of written) {
    const before = texts.get(file.path) ?? context.readText(file.path);
    texts.set(file.path, file.append && before !== null ? before + file.content : file.content);
  }
  return overlayContext(context, texts);
}
