// The editor-agnostic Dockerfile service: text in, LSP types out. The language server and the
// CLI both call it; neither adds analysis of its own.
import { DockerfileParser } from 'dockerfile-ast';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { DIAGNOSTIC_SOURCE, RULE_DOCS_BASE } from '../../common/protocol';
import type { LintSettings } from '../../common/settings';

const KNOWN_INSTRUCTIONS = new Set([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

export interface LintInput {
  uri: string;
  text: string;
  settings: LintSettings;
}

export function lint(input: LintInput): Diagnostic[] {
  if (!input.settings.enable) return [];
  const dockerfile = DockerfileParser.parse(input.text);
  const diagnostics: Diagnostic[] = [];
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (KNOWN_INSTRUCTIONS.has(keyword)) continue;
    diagnostics.push({
      range: instruction.getInstructionRange(),
      severity: DiagnosticSeverity.Error,
      code: 'syntax',
      codeDescription: { href: `${RULE_DOCS_BASE}/syntax.md` },
      source: DIAGNOSTIC_SOURCE,
      message: `Unknown instruction ${instruction.getInstruction()}: the build stops here.`,
    });
  }
  return diagnostics;
}
