// The editor-agnostic Dockerfile service: text in, LSP types out. The language server and the
// CLI both call it; neither adds analysis of its own.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../common/protocol';
import type { LintSettings } from '../common/settings';
import { findProjectConfig, type ProjectConfig } from './config/projectConfig';
import { diskContext, memoryContext, type BuildContext } from './context/buildContext';
import { runRules, type RuleFinding } from './engine';
import { cutAfter, type Cut } from '../dockerfile/chunks';
import { escapeCharOf, parseDirectives } from '../dockerfile/directives';
import type { DockerfileModel } from '../dockerfile/types';
import { ruleDocsUrl, type Rule, type Severity } from './rule';
import { RULES } from './rules/catalog';
import { hasByteOrderMark, keepByteOrderMark } from './util/byteOrderMark';
import { isSuppressed, parseSuppressions, type Suppressions } from './suppressions';

export interface LintInput {
  uri: string;
  text: string;
  settings: LintSettings;
  /** Overrides the build context derived from `settings.buildContext` / the Dockerfile's folder. */
  context?: BuildContext;
  /** Overrides the project config found beside the Dockerfile (CLI `--config`); null: none. */
  config?: ProjectConfig | null;
  /** Build target stage (`--target`). */
  target?: string;
  /** Keep parsed parts for re-linting an edited text (default true); false when linted once (CLI). */
  reuse?: boolean;
  rules?: readonly Rule[];
  onRuleError?: (ruleId: string, error: unknown) => void;
  /**
   * Lint at most this much of the text (the language server: a lint per edit must stay short on
   * any file); the rest is not linted and a diagnostic says so. None: the whole text (the CLI).
   */
  budget?: LintBudget;
}

export interface LintBudget {
  lines: number;
  characters: number;
}

/**
 * What the language server lints per edit: far above real Dockerfiles (the largest public ones
 * are a few thousand lines), and a lint of that much takes well under a second (bench/hostile-lint.mjs).
 */
export const EDITOR_LINT_BUDGET: LintBudget = { lines: 5_000, characters: 256 * 1024 };

export interface LintResult {
  /** What was linted and how: a fix-all lints its fixed text again with the same input. */
  input: LintInput;
  uri: string;
  text: string;
  model: DockerfileModel;
  context: BuildContext;
  config: ProjectConfig;
  rules: readonly Rule[];
  suppressions: Suppressions;
  /** Findings after configuration and suppressions, in document order. */
  findings: RuleFinding[];
  /** Where linting stopped when the text was over the budget (the model is of the text before it). */
  cut: Cut | null;
  diagnostics: Diagnostic[];
}

const NO_CONFIG: ProjectConfig = { path: null, levels: {}, problems: [] };

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function folderOf(uri: string): string | null {
  if (!uri.startsWith('file:')) return null;
  try {
    return dirname(fileURLToPath(uri));
  } catch {
    return null;
  }
}

/** The build context of a Dockerfile: the setting when given, else the Dockerfile's folder. */
function contextFor(uri: string, settings: LintSettings): BuildContext {
  if (settings.buildContext) return diskContext(settings.buildContext);
  const folder = folderOf(uri);
  return folder ? diskContext(folder) : memoryContext({}, uri);
}

export function lintDocument(input: LintInput): LintResult {
  const rules = input.rules ?? RULES;
  const context = input.context ?? contextFor(input.uri, input.settings);
  const folder = folderOf(input.uri);
  const config = input.config !== undefined ? input.config ?? NO_CONFIG : folder ? findProjectConfig(folder, rules) : NO_CONFIG;
  const budget = input.budget;
  const cut = budget ? cutAfter(input.text, escapeCharOf(parseDirectives(input.text)), budget.lines, budget.characters) : null;
  const { model, findings } = runRules({
    text: cut ? input.text.slice(0, cut.offset) : input.text, context, settings: input.settings,
    rules: input.settings.enable ? rules : [], projectLevels: config.levels,
    projectOptions: { trustedRegistries: config.trustedRegistries },
    modelOptions: { target: input.target, reuse: input.reuse }, onRuleError: input.onRuleError,
  });
  const suppressions = parseSuppressions(model, rules);
  const kept = input.settings.enable
    ? findings.filter((finding) => !isSuppressed(suppressions, model, finding.rule.meta.id, finding.range.start.line))
    : [];
  if (hasByteOrderMark(input.text)) for (const finding of kept) if (finding.fixes) keepByteOrderMark(finding.fixes);
  const diagnostics = kept.map((finding) => toDiagnostic(finding, input.uri));
  if (cut && budget) diagnostics.push(cutDiagnostic(input.text, cut, budget));
  return { input, uri: input.uri, text: input.text, model, context, config, rules, suppressions, findings: kept, cut, diagnostics };
}

/** Says where linting stopped, on the first line not linted. */
function cutDiagnostic(text: string, cut: Cut, budget: LintBudget): Diagnostic {
  let lines = cut.line + 1;
  for (let i = text.indexOf('\n', cut.offset); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  const lineEnd = text.slice(cut.offset, cut.offset + 200).search(/\r|\n|$/);
  const size = text.length >= 1024 * 1024 ? `${(text.length / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(text.length / 1024)} KB`;
  const linted = cut.line ? `linted lines 1–${cut.line}` : 'nothing linted (the first instruction alone is over it)';
  return {
    range: { start: { line: cut.line, character: 0 }, end: { line: cut.line, character: lineEnd } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    message: `This Dockerfile (${size}, ${lines.toLocaleString('en-US')} lines) is over what the editor lints on each edit `
      + `(${budget.lines.toLocaleString('en-US')} lines, ${Math.round(budget.characters / 1024)} KB): ${linted}; `
      + 'nothing from here on is checked. `dockscope lint` checks the whole file.',
  };
}

/**
 * The result with findings from outside the rule catalog (ShellCheck's) merged in document order;
 * the input result is left as it was (the editor re-merges newer ones into it).
 */
export function withFindings(result: LintResult, extra: readonly RuleFinding[]): LintResult {
  if (!extra.length) return result;
  const findings = [...result.findings, ...extra].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { ...result, findings, diagnostics: findings.map((finding) => toDiagnostic(finding, result.uri)) };
}

export function toDiagnostic(finding: RuleFinding, uri: string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: LSP_SEVERITY[finding.severity],
    code: finding.rule.meta.id,
    codeDescription: { href: ruleDocsUrl(finding.rule.meta.id) },
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
  };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((related) => ({ location: { uri, range: related.range }, message: related.message }));
  }
  return diagnostic;
}
