// The built language server end to end: diagnostics, code actions and applying them, pragmas,
// settings changes, incremental edits, watched context files, hovers, symbols, garbage input.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import {
  CodeActionRequest, DidChangeWatchedFilesNotification, DocumentSymbolRequest, FileChangeType, HoverRequest,
  type CodeAction, type Diagnostic, type DocumentSymbol, type MarkupContent,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

let peer: LspPeer;
let dir: string;
before(async () => {
  peer = await startLspPeer({ configuration: { 'dockscope.lint': { enable: true, rules: {} } } });
  dir = mkdtempSync(join(tmpdir(), 'dockscope-lsp-lint-'));
});
after(async () => {
  await peer.close();
  rmSync(dir, { recursive: true, force: true });
});

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.code}@${d.range.start.line}`).sort();
const whole = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

test('capabilities: code actions (quick fix, fixAll), hover, document symbols', () => {
  const capabilities = peer.initializeResult.capabilities;
  assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix', 'source.fixAll.dockscope'] });
  assert.equal(capabilities.hoverProvider, true);
  assert.equal(capabilities.documentSymbolProvider, true);
});

test('a quick fix applied through didChange clears its diagnostic', async () => {
  const uri = 'file:///tmp/lsp-lint/fix/Dockerfile';
  const text = 'FROM alpine:3.20\nUSER 65532\nCMD ["a"]\nCMD ["b"]\n';
  const opened = await peer.open(uri, text);
  const diagnostic = opened.diagnostics.find((d) => d.code === 'multiple-cmd-entrypoint');
  assert.ok(diagnostic, JSON.stringify(opened.diagnostics));
  assert.equal(diagnostic.relatedInformation?.[0].location.uri, uri);
  const actions = await peer.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }) as CodeAction[];
  const fix = actions.find((a) => a.title === 'Remove this CMD');
  assert.ok(fix?.edit?.changes?.[uri], JSON.stringify(actions.map((a) => a.title)));
  assert.equal(fix.isPreferred, true);
  const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, text), fix.edit.changes[uri]);
  const published = await peer.change(uri, 2, [{ text: fixed }]);
  assert.ok(!published.diagnostics.some((d) => d.code === 'multiple-cmd-entrypoint'));
  const [fixAll] = await peer.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: whole, context: { diagnostics: [], only: ['source.fixAll.dockscope'] } }) as CodeAction[] ?? [];
  assert.equal(fixAll, undefined, 'nothing left to fix');
});

test('an ignore pragma from a code action silences the finding', async () => {
  const uri = 'file:///tmp/lsp-lint/pragma/Dockerfile';
  const text = 'FROM alpine\nUSER 65532\n';
  const opened = await peer.open(uri, text);
  const diagnostic = opened.diagnostics.find((d) => d.code === 'base-image-unpinned')!;
  const actions = await peer.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }) as CodeAction[];
  const ignore = actions.find((a) => a.title === 'Ignore base-image-unpinned for this instruction')!;
  const ignored = TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, text), ignore.edit!.changes![uri]);
  assert.equal(ignored, '# dockscope ignore=base-image-unpinned\nFROM alpine\nUSER 65532\n');
  const published = await peer.change(uri, 2, [{ text: ignored }]);
  assert.deepEqual(published.diagnostics.filter((d) => d.code === 'base-image-unpinned'), []);
});

test('incremental edits keep ranges right', async () => {
  const uri = 'file:///tmp/lsp-lint/incremental/Dockerfile';
  await peer.open(uri, 'FROM alpine:3.20\nUSER 65532\nRUN echo\n');
  const typed = await peer.change(uri, 2, [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 2 } }, text: 'N' }]);
  assert.deepEqual(codes(typed.diagnostics), ['syntax@2']);
  const inserted = await peer.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# top\n\n' }]);
  assert.deepEqual(codes(inserted.diagnostics), ['syntax@4']);
  assert.deepEqual(inserted.diagnostics[0].range, { start: { line: 4, character: 0 }, end: { line: 4, character: 4 } });
});

test('settings changes through workspace/didChangeConfiguration re-lint open documents', async () => {
  const uri = 'file:///tmp/lsp-lint/settings/Dockerfile';
  const opened = await peer.open(uri, 'FROM alpine\nUSER 65532\n');
  assert.equal(opened.diagnostics.find((d) => d.code === 'base-image-unpinned')?.severity, 2);
  peer.configuration['dockscope.lint'] = { enable: true, rules: { 'base-image-unpinned': 'error' } };
  const next = peer.nextDiagnostics(uri);
  await peer.changeConfiguration();
  assert.equal((await next).diagnostics.find((d) => d.code === 'base-image-unpinned')?.severity, 1);
  peer.configuration['dockscope.lint'] = { enable: true, rules: { 'base-image-unpinned': 'off' } };
  const off = peer.nextDiagnostics(uri);
  await peer.changeConfiguration();
  assert.deepEqual((await off).diagnostics.filter((d) => d.code === 'base-image-unpinned'), []);
  peer.configuration['dockscope.lint'] = { enable: true, rules: {} };
  const reset = peer.nextDiagnostics(uri);
  await peer.changeConfiguration();
  await reset;
});

test('a changed go.mod in the build context re-lints through didChangeWatchedFiles', async () => {
  writeFileSync(join(dir, 'go.mod'), 'module example.com/x\n\ngo 1.21\n');
  const uri = pathToFileURL(join(dir, 'Dockerfile')).toString();
  const opened = await peer.open(uri, 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\nUSER 65532\n');
  assert.ok(!opened.diagnostics.some((d) => d.code === 'go-builder-version'));
  writeFileSync(join(dir, 'go.mod'), 'module example.com/x\n\ngo 1.23.1\n');
  const next = peer.nextDiagnostics(uri);
  await peer.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: pathToFileURL(join(dir, 'go.mod')).toString(), type: FileChangeType.Changed }] });
  assert.ok((await next).diagnostics.some((d) => d.code === 'go-builder-version'));
});

test('hover and document symbols', async () => {
  const uri = 'file:///tmp/lsp-lint/hover/Dockerfile';
  await peer.open(uri, 'FROM golang:1.22 AS build\nFROM alpine\nCOPY --from=build /a /a\nUSER 65532\n');
  const onFrom = await peer.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 7 } });
  assert.match((onFrom?.contents as MarkupContent).value, /base-image-unpinned/);
  const symbols = await peer.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }) as DocumentSymbol[];
  assert.deepEqual(symbols.map((s) => s.name), ['build', 'stage 1']);
  assert.deepEqual(symbols[1].children?.map((c) => c.name), ['COPY', 'USER']);
});

test('garbage text never breaks the server', async () => {
  const uri = 'file:///tmp/lsp-lint/garbage/Dockerfile';
  const samples = ['\u0000\u0001 FROM', 'FROM a\nRUN <<EOF\n', '# escape=`\nRUN `\n`', '\\\n\\\n', 'FROM --platform= AS\nCOPY --from= \nRUN --mount=,,,=, x', '{'.repeat(5000)];
  await peer.open(uri, samples[0]);
  let version = 1;
  for (const text of samples.slice(1)) {
    const published = await peer.change(uri, ++version, [{ text }]);
    assert.ok(Array.isArray(published.diagnostics));
  }
  const symbols = await peer.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } });
  assert.ok(Array.isArray(symbols));
});
