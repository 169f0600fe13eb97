// dockscope.editor.languageFeatures as the server sees it (the client resolves `auto`): with
// dynamic registration the editing features are registered while on and dropped when off, so the
// editor never asks twice next to another Dockerfile extension; without it they are declared and
// answer nothing while off.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { CompletionRequest, DocumentFormattingRequest, type ClientCapabilities } from 'vscode-languageserver-protocol';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

const DYNAMIC = { dynamicRegistration: true };
const dynamicTextDocument: ClientCapabilities['textDocument'] = {
  completion: DYNAMIC, signatureHelp: DYNAMIC, formatting: DYNAMIC, rangeFormatting: DYNAMIC, onTypeFormatting: DYNAMIC, rename: DYNAMIC,
  references: DYNAMIC, documentHighlight: DYNAMIC, definition: DYNAMIC, documentLink: DYNAMIC, foldingRange: DYNAMIC,
  semanticTokens: { ...DYNAMIC, requests: { full: true }, tokenTypes: [], tokenModifiers: [], formats: ['relative'] },
};
const METHODS = [
  'textDocument/completion', 'textDocument/signatureHelp', 'textDocument/formatting', 'textDocument/rangeFormatting', 'textDocument/onTypeFormatting',
  'textDocument/rename', 'textDocument/references', 'textDocument/documentHighlight', 'textDocument/definition', 'textDocument/documentLink',
  'textDocument/foldingRange', 'textDocument/semanticTokens',
];
const peers: LspPeer[] = [];
after(async () => { await Promise.all(peers.map((peer) => peer.close())); });

test('dynamic: registered when on, unregistered when turned off, registered again when on', async () => {
  const peer = await startLspPeer({
    configuration: { 'dockscope.lint': { enable: true, rules: {} }, 'dockscope.editor': { languageFeatures: true } },
    textDocument: dynamicTextDocument,
  });
  peers.push(peer);
  const capabilities = peer.initializeResult.capabilities;
  assert.equal(capabilities.completionProvider, undefined, 'nothing static when the client registers dynamically');
  assert.equal(capabilities.hoverProvider, true, 'our own hover stays static');
  if (peer.registrations.size === 0) await peer.nextRegistrationChange();
  assert.deepEqual([...peer.registrations.keys()].sort(), [...METHODS].sort());
  assert.deepEqual((peer.registrations.get('textDocument/completion')?.registerOptions as { documentSelector: unknown }).documentSelector, [{ language: 'dockerfile' }]);

  peer.configuration['dockscope.editor'] = { languageFeatures: false };
  const dropped = peer.nextRegistrationChange();
  await peer.changeConfiguration();
  await dropped;
  assert.equal(peer.registrations.size, 0);

  peer.configuration['dockscope.editor'] = { languageFeatures: true };
  const back = peer.nextRegistrationChange();
  await peer.changeConfiguration();
  await back;
  assert.equal(peer.registrations.size, METHODS.length);
});

test('static: declared at once, silent while off', async () => {
  const peer = await startLspPeer({ configuration: { 'dockscope.lint': { enable: true, rules: {} }, 'dockscope.editor': { languageFeatures: false } } });
  peers.push(peer);
  const capabilities = peer.initializeResult.capabilities;
  assert.ok(capabilities.completionProvider && capabilities.documentFormattingProvider && capabilities.semanticTokensProvider);
  const uri = 'file:///tmp/lsp-features/Dockerfile';
  await peer.open(uri, 'FROM alpine:3.20\n  USER 65532\nR');
  const request = () => peer.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 2, character: 1 } });
  assert.deepEqual(await request(), []);
  assert.deepEqual(await peer.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } }), []);
  peer.configuration['dockscope.editor'] = { languageFeatures: true };
  await peer.changeConfiguration();
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.ok(((await request()) as unknown[]).length > 0);
});
