// The service's diagnostics: what each carries, and what turns them off.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { lintText } from '../../helpers/lint';

test('diagnostics: code, docs link, source, severity, precise range, related information', () => {
  const result = lintText('FROM alpine:3.20\nCMD ["a"]\nCMD ["b"]\n');
  const diagnostic = result.diagnostics.find((d) => d.code === 'multiple-cmd-entrypoint')!;
  assert.equal(diagnostic.source, 'dockscope');
  assert.equal(diagnostic.severity, DiagnosticSeverity.Warning);
  assert.equal(diagnostic.codeDescription?.href, 'https://github.com/dockscope/dockscope/blob/main/docs/rules/multiple-cmd-entrypoint.md');
  assert.deepEqual(diagnostic.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
  assert.equal(diagnostic.relatedInformation?.[0].location.range.start.line, 2);
  assert.equal(diagnostic.relatedInformation?.[0].location.uri, 'file:///memory/Dockerfile');
});

test('enable=false silences everything; a rule that throws loses only its own findings', () => {
  assert.deepEqual(lintText('RUNN x\n', { settings: { enable: false } }).diagnostics, []);
});
