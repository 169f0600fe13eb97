// Rename through the built server: a stage renamed everywhere it is used (COPY --from, FROM,
// RUN --mount from=), an ARG renamed with its uses; prepareRename refuses what cannot be renamed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PrepareRenameRequest, RenameRequest, type Range } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

let peer: LspPeer;
const uri = 'file:///tmp/lsp-rename/Dockerfile';
const TEXT = 'ARG GO=1.22\nFROM golang:${GO} AS build\nRUN go build -o /app .\nFROM build AS test\nFROM alpine:3.20\nCOPY --from=build /app /app\nUSER 65532\n';
before(async () => {
  peer = await startLspPeer({ configuration: { 'dockscope.lint': { enable: true, rules: {} }, 'dockscope.editor': { languageFeatures: true } } });
  await peer.open(uri, TEXT);
});
after(async () => { await peer.close(); });

async function rename(line: number, character: number, newName: string): Promise<string> {
  const edit = await peer.connection.sendRequest(RenameRequest.type, { textDocument: { uri }, position: { line, character }, newName });
  return TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, TEXT), edit?.changes?.[uri] ?? []);
}

test('renaming a stage from its COPY --from user renames its definition and every user', async () => {
  const renamed = await rename(5, 13, 'compile');
  assert.equal(renamed, TEXT.replace('AS build', 'AS compile').replace('FROM build', 'FROM compile').replace('--from=build', '--from=compile'));
});

test('renaming an ARG renames its use in FROM', async () => {
  assert.equal(await rename(0, 5, 'GO_VERSION'), TEXT.replace('ARG GO=', 'ARG GO_VERSION=').replace('${GO}', '${GO_VERSION}'));
});

test('prepareRename: the stage name\'s range; nothing on a keyword', async () => {
  const range = await peer.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: { line: 1, character: 22 } }) as Range;
  assert.deepEqual(range, { start: { line: 1, character: 21 }, end: { line: 1, character: 26 } });
  assert.equal(await peer.connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri }, position: { line: 2, character: 1 } }), null);
});
