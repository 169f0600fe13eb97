import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

let peer: LspPeer;
before(async () => { peer = await startLspPeer({ configuration: { 'dockscope.lint': { enable: true, rules: {} } } }); });
after(async () => { await peer.close(); });

test('the built server announces incremental sync and its name', () => {
  assert.equal(peer.initializeResult.serverInfo?.name, 'dockscope');
  assert.equal(peer.initializeResult.capabilities.textDocumentSync, 2);
});

test('an unknown instruction gets a diagnostic on its line', async () => {
  const uri = 'file:///tmp/roundtrip/Dockerfile';
  const published = await peer.open(uri, 'FROM scratch\nRUNN x\n');
  const diagnostic = published.diagnostics.find((d) => d.code === 'syntax');
  assert.ok(diagnostic, `expected a syntax diagnostic, got ${JSON.stringify(published.diagnostics)}`);
  assert.equal(diagnostic.range.start.line, 1);
  assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
  assert.equal(diagnostic.source, 'dockscope');
  assert.match(diagnostic.codeDescription?.href ?? '', /docs\/rules\/syntax\.md$/);
});

test('an incremental edit that fixes the line clears the diagnostic', async () => {
  const uri = 'file:///tmp/roundtrip/Dockerfile.edit';
  await peer.open(uri, 'FROM scratch\nRUNN x\n');
  const published = await peer.change(uri, 2, [{ range: { start: { line: 1, character: 3 }, end: { line: 1, character: 4 } }, text: '' }]);
  assert.deepEqual(published.diagnostics.filter((d) => d.code === 'syntax'), []);
});

test('lint.enable=false from the client silences the server', async () => {
  peer.configuration['dockscope.lint'] = { enable: false, rules: {} };
  const uri = 'file:///tmp/roundtrip/Dockerfile.disabled';
  const published = await peer.open(uri, 'RUNN x\n');
  assert.deepEqual(published.diagnostics, []);
  peer.configuration['dockscope.lint'] = { enable: true, rules: {} };
});
