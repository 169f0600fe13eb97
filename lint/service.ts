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
}

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
  const { model, findings } = runRules({
    text: input.text, context, settings: input.settings, rules: input.settings.enable ? rules : [], projectLevels: config.levels,
    modelOptions: { target: input.target, reuse: input.reuse }, onRuleError: input.onRuleError,
  });
  const suppressions = parseSuppressions(model, rules);
  const kept = input.settings.enable
    ? findings.filter((finding) => !isSuppressed(suppressions, model, finding.rule.meta.id, finding.range.start.line))
    : [];
  if (hasByteOrderMark(input.text)) for (const finding of kept) if (finding.fixes) keepByteOrderMark(finding.fixes);
  return {
    input, uri: input.uri, text: input.text, model, context, config, rules, suppressions, findings: kept,
    diagnostics: kept.map((finding) => toDiagnostic(finding, input.uri)),
  };
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
