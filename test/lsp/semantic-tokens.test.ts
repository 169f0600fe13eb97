// Semantic tokens through the built server: the legend matches the library's encoding, and a
// Dockerfile with a heredoc and RUN --mount decodes to keywords, flags and comments in place.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SemanticTokensRequest, type SemanticTokensLegend } from 'vscode-languageserver-protocol';
import { TokensLegend } from 'dockerfile-language-service/lib/dockerSemanticTokens';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

let peer: LspPeer;
before(async () => {
  peer = await startLspPeer({ configuration: { 'dockscope.lint': { enable: true, rules: {} }, 'dockscope.editor': { languageFeatures: true } } });
});
after(async () => { await peer.close(); });

test('the declared legend is the library\'s own table', () => {
  const legend = (peer.initializeResult.capabilities.semanticTokensProvider as { legend: SemanticTokensLegend }).legend;
  legend.tokenTypes.forEach((type, index) => assert.equal(TokensLegend.getTokenType(type), index, type));
  legend.tokenModifiers.forEach((modifier, index) => assert.equal(TokensLegend.getTokenModifiers([modifier]), 1 << index, modifier));
});

test('tokens decode to keywords, parameters and comments where they are', async () => {
  const uri = 'file:///tmp/lsp-tokens/Dockerfile';
  await peer.open(uri, '# build\nFROM alpine:3.20\nRUN --mount=type=cache,target=/x <<EOF\napk add curl\nEOF\n');
  const legend = (peer.initializeResult.capabilities.semanticTokensProvider as { legend: SemanticTokensLegend }).legend;
  const { data } = await peer.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } }) ?? { data: [] };
  const tokens: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    character = data[i] ? data[i + 1] : character + data[i + 1];
    line += data[i];
    tokens.push(`${line}:${character}:${legend.tokenTypes[data[i + 3]]}`);
  }
  assert.ok(tokens.includes('0:0:comment'), tokens.join(' '));
  assert.ok(tokens.includes('1:0:keyword'));
  assert.ok(tokens.includes('2:0:keyword'));
  assert.ok(tokens.includes('2:4:parameter'), 'the --mount flag');
});
