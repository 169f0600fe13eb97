// The editor-agnostic Dockerfile service: text in, LSP types out. The language server and the
// CLI both call it; neither adds analysis of its own.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE } from '../../common/protocol';
import type { LintSettings } from '../../common/settings';
import { diskContext, memoryContext, type BuildContext } from './context/buildContext';
import { runRules, type RuleFinding } from './engine';
import type { DockerfileModel } from './model/types';
import { ruleDocsUrl, type Rule, type Severity } from './rule';
import { RULES } from './rules/catalog';

export interface LintInput {
  uri: string;
  text: string;
  settings: LintSettings;
  /** Overrides the build context derived from `settings.buildContext` / the Dockerfile's folder. */
  context?: BuildContext;
  /** Build target stage (`--target`). */
  target?: string;
  rules?: readonly Rule[];
}

export interface LintResult {
  model: DockerfileModel;
  findings: RuleFinding[];
  diagnostics: Diagnostic[];
}

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The build context of a Dockerfile: the setting when given, else the Dockerfile's folder. */
export function contextFor(uri: string, settings: LintSettings): BuildContext {
  if (settings.buildContext) return diskContext(settings.buildContext);
  if (uri.startsWith('file:')) {
    try {
      return diskContext(dirname(fileURLToPath(uri)));
    } catch {
      // A malformed file URI: lint without context files.
    }
  }
  return memoryContext({}, uri);
}

export function lintDocument(input: LintInput): LintResult {
  const context = input.context ?? contextFor(input.uri, input.settings);
  const { model, findings } = runRules({
    text: input.text, context, settings: input.settings, rules: input.rules ?? RULES,
    modelOptions: { target: input.target },
  });
  if (!input.settings.enable) return { model, findings: [], diagnostics: [] };
  return { model, findings, diagnostics: findings.map((finding) => toDiagnostic(finding, input.uri)) };
}

export function lint(input: LintInput): Diagnostic[] {
  if (!input.settings.enable) return [];
  return lintDocument(input).diagnostics;
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
