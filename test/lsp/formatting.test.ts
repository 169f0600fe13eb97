// Formatting through the built server: the whole document, a range, on typing a continuation; a
// heredoc body is never re-indented (its whitespace is the script's).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  DocumentFormattingRequest, DocumentOnTypeFormattingRequest, DocumentRangeFormattingRequest, type TextEdit,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

let peer: LspPeer;
before(async () => {
  peer = await startLspPeer({ configuration: { 'dockscope.lint': { enable: true, rules: {} }, 'dockscope.editor': { languageFeatures: true } } });
});
after(async () => { await peer.close(); });

const options = { tabSize: 4, insertSpaces: true };
const apply = (text: string, edits: TextEdit[] | null) => TextDocument.applyEdits(TextDocument.create('file:///x', 'dockerfile', 1, text), edits ?? []);

test('format document: instructions to the left edge, continuation lines indented, heredoc bodies untouched', async () => {
  const uri = 'file:///tmp/lsp-format/Dockerfile';
  const text = 'FROM alpine:3.20\n   RUN apk add \\\ncurl\nRUN <<EOF\n  set -e\n    echo hi\nEOF\n  USER 65532\n';
  await peer.open(uri, text);
  const edits = await peer.connection.sendRequest(DocumentFormattingRequest.type, { textDocument: { uri }, options });
  assert.equal(apply(text, edits), 'FROM alpine:3.20\nRUN apk add \\\n    curl\nRUN <<EOF\n  set -e\n    echo hi\nEOF\nUSER 65532\n');
});

test('format range: only the lines asked for', async () => {
  const uri = 'file:///tmp/lsp-format/Dockerfile.range';
  const text = '  FROM alpine:3.20\n  USER 65532\n';
  await peer.open(uri, text);
  const edits = await peer.connection.sendRequest(DocumentRangeFormattingRequest.type, {
    textDocument: { uri }, options, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } },
  });
  assert.equal(apply(text, edits), '  FROM alpine:3.20\nUSER 65532\n');
});

test('on type: a backslash ending a line indents the next one', async () => {
  const uri = 'file:///tmp/lsp-format/Dockerfile.type';
  const text = 'FROM alpine:3.20\nRUN apk add \\\ncurl\n';
  await peer.open(uri, text);
  const edits = await peer.connection.sendRequest(DocumentOnTypeFormattingRequest.type, {
    textDocument: { uri }, options, position: { line: 1, character: 13 }, ch: '\\',
  });
  assert.equal(apply(text, edits), 'FROM alpine:3.20\nRUN apk add \\\n    curl\n');
});
