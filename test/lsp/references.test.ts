// References and document highlights through the built server: a stage's definition and users,
// an ARG's declarations and uses; includeDeclaration honoured.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DocumentHighlightRequest, ReferencesRequest } from 'vscode-languageserver-protocol';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

let peer: LspPeer;
const uri = 'file:///tmp/lsp-references/Dockerfile';
const TEXT = 'ARG GO=1.22\nFROM golang:${GO} AS build\nARG GO\nRUN echo $GO\nFROM alpine:3.20\nCOPY --from=build /a /a\nUSER 65532\n';
before(async () => {
  peer = await startLspPeer({ configuration: { 'dockscope.lint': { enable: true, rules: {} }, 'dockscope.editor': { languageFeatures: true } } });
  await peer.open(uri, TEXT);
});
after(async () => { await peer.close(); });

const lines = (ranges: Array<{ range: { start: { line: number; character: number } } }> | null) =>
  (ranges ?? []).map((r) => `${r.range.start.line}:${r.range.start.character}`).sort();

test('references of a stage, with and without its declaration', async () => {
  const all = await peer.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: { line: 5, character: 14 }, context: { includeDeclaration: true } });
  assert.deepEqual(lines(all), ['1:21', '5:12']);
  assert.ok(all?.every((location) => location.uri === uri));
  const uses = await peer.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position: { line: 5, character: 14 }, context: { includeDeclaration: false } });
  assert.deepEqual(lines(uses), ['5:12']);
});

test('highlights of a variable in its stage', async () => {
  const highlights = await peer.connection.sendRequest(DocumentHighlightRequest.type, { textDocument: { uri }, position: { line: 3, character: 11 } });
  assert.deepEqual(lines(highlights), ['2:4', '3:10']);
});
