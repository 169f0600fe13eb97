// ShellCheck in the language server: the ordinary diagnostics come first, unchanged; ShellCheck's
// follow for the same version once typing pauses; an edit elsewhere keeps them at once (cached),
// at their new place; an ignore code action silences one; the setting switches it off.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CodeActionRequest, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';
import { shellcheckOrSkip } from '../helpers/shellcheck';

let peer: LspPeer;
before(async () => {
  peer = await startLspPeer({ configuration: { 'dockscope.lint': { enable: true, rules: {}, shellcheck: 'shellcheck' } } });
});
after(() => peer.close());

const sc = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => /^SC\d+$/.test(String(d.code))).map((d) => `${d.code}@${d.range.start.line}:${d.range.start.character}`);

test('lsp shellcheck: diagnostics first without waiting, then with ShellCheck findings for the same version', async (t) => {
  if (!(await shellcheckOrSkip(t))) return;
  const uri = 'file:///tmp/lsp-shellcheck/a/Dockerfile';
  const text = 'FROM debian:12\nUSER 1000\nRUN echo $lsp_var \\\n  && true\n';
  const first = await peer.open(uri, text);
  // ShellCheck runs after a 400 ms pause: waiting from here cannot miss its publish.
  const second = await peer.nextDiagnostics(uri, 1);
  assert.deepEqual(sc(first.diagnostics), []);
  assert.deepEqual(sc(second.diagnostics), ['SC2154@2:9', 'SC2086@2:9']);
  const diagnostic = second.diagnostics.find((d) => d.code === 'SC2086')!;
  assert.equal(diagnostic.codeDescription?.href, 'https://www.shellcheck.net/wiki/SC2086');
  assert.equal(diagnostic.severity, 4, 'SC2086 is quiet by default: a hint (lint/shellcheck/findings.ts)');
  assert.deepEqual(second.diagnostics.filter((d) => !String(d.code).startsWith('SC')), first.diagnostics, 'the ordinary diagnostics are unchanged');

  // A line inserted above: the unchanged RUN is known, its findings move with it in the first publish.
  const moved = await peer.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'ENV A=1\n' }]);
  assert.deepEqual(sc(moved.diagnostics), ['SC2154@3:9', 'SC2086@3:9']);

  // The ignore action for a ShellCheck finding writes a pragma that silences that code only.
  const target = moved.diagnostics.find((d) => d.code === 'SC2086')!;
  const actions = await peer.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: target.range, context: { diagnostics: [target] } }) as CodeAction[];
  const ignore = actions.find((a) => a.title === 'Ignore SC2086 for this instruction');
  assert.ok(ignore?.edit?.changes?.[uri], JSON.stringify(actions.map((a) => a.title)));
  const current = 'FROM debian:12\nENV A=1\nUSER 1000\nRUN echo $lsp_var \\\n  && true\n';
  const ignored = TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 2, current), ignore.edit.changes[uri]);
  const after = await peer.change(uri, 3, [{ text: ignored }]);
  assert.deepEqual(sc(after.diagnostics), ['SC2154@4:9']);
});

test('lsp shellcheck: the setting switches it off', async (t) => {
  if (!(await shellcheckOrSkip(t))) return;
  peer.configuration['dockscope.lint'] = { enable: true, rules: {}, shellcheck: 'off' };
  const uri = 'file:///tmp/lsp-shellcheck/b/Dockerfile';
  const published = await peer.open(uri, 'FROM debian:12\nUSER 1000\nRUN echo $x\n');
  assert.deepEqual(sc(published.diagnostics), []);
  await assert.rejects(Promise.race([peer.nextDiagnostics(uri, 1), new Promise((_, reject) => setTimeout(() => reject(new Error('none')), 1500))]), /none/, 'no second publish');
});
