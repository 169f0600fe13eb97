// Folding ranges through the built server: continued instructions, heredocs, comment blocks.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { FoldingRangeRequest } from 'vscode-languageserver-protocol';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

let peer: LspPeer;
before(async () => {
  peer = await startLspPeer({
    configuration: { 'dockscope.lint': { enable: true, rules: {} }, 'dockscope.editor': { languageFeatures: true } },
    textDocument: { foldingRange: { lineFoldingOnly: true } },
  });
});
after(async () => { await peer.close(); });

test('a continued RUN, a heredoc and a comment block each fold', async () => {
  const uri = 'file:///tmp/lsp-folding/Dockerfile';
  await peer.open(uri, '# one\n# two\n# three\nFROM alpine:3.20\nRUN apk add \\\n    curl \\\n    git\nRUN <<EOF\nset -e\necho hi\nEOF\nUSER 65532\n');
  const ranges = await peer.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }) ?? [];
  const spans = ranges.map((range) => `${range.startLine}-${range.endLine}`).sort();
  assert.deepEqual(spans, ['0-2', '4-6', '7-10']);
});
