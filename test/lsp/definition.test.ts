// Go to definition through the built server: from COPY --from= and FROM to the stage, from a
// variable to its ARG.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DefinitionRequest, type Location } from 'vscode-languageserver-protocol';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

let peer: LspPeer;
const uri = 'file:///tmp/lsp-definition/Dockerfile';
const TEXT = 'ARG GO=1.22\nFROM golang:${GO} AS build\nFROM build AS test\nFROM alpine:3.20\nCOPY --from=build /a /a\nUSER 65532\n';
before(async () => {
  peer = await startLspPeer({ configuration: { 'dockscope.lint': { enable: true, rules: {} }, 'dockscope.editor': { languageFeatures: true } } });
  await peer.open(uri, TEXT);
});
after(async () => { await peer.close(); });

const at = async (line: number, character: number) =>
  await peer.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position: { line, character } }) as Location | null;

test('a stage from COPY --from= and from FROM', async () => {
  const stage = { uri, range: { start: { line: 1, character: 21 }, end: { line: 1, character: 26 } } };
  assert.deepEqual(await at(4, 14), stage);
  assert.deepEqual(await at(2, 7), stage);
});

test('an ARG from its use in FROM; nothing on an image', async () => {
  assert.deepEqual(await at(1, 15), { uri, range: { start: { line: 0, character: 4 }, end: { line: 0, character: 6 } } });
  assert.equal(await at(3, 7), null);
});
