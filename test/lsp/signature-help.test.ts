// Signature help through the built server: the parameters of the instruction being typed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SignatureHelpRequest } from 'vscode-languageserver-protocol';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

let peer: LspPeer;
before(async () => {
  peer = await startLspPeer({ configuration: { 'dockscope.lint': { enable: true, rules: {} }, 'dockscope.editor': { languageFeatures: true } } });
});
after(async () => { await peer.close(); });

test('COPY shows its forms with the active parameter moving along', async () => {
  const uri = 'file:///tmp/lsp-signature/Dockerfile';
  await peer.open(uri, 'FROM alpine:3.20\nCOPY a \n');
  const help = await peer.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: { line: 1, character: 7 } });
  assert.ok(help?.signatures.some((signature) => /^COPY /.test(signature.label)), JSON.stringify(help));
  const active = help!.signatures[help!.activeSignature ?? 0];
  assert.match(String(active.parameters?.[help!.activeParameter ?? 0]?.label), /dest/);
});
