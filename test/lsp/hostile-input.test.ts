// The built language server on hostile and huge input (issue 18): every generated input gets its
// diagnostics and the server keeps answering; a byte-order mark changes nothing; a broken config
// file is said so once, in one line. Speed is measured by bench/hostile-lint.mjs, not asserted here.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import {
  CodeActionRequest, FoldingRangeRequest, SemanticTokensRequest, ShowMessageNotification, type CodeAction, type ShowMessageParams,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { hostileInputs } from '../helpers/hostileDockerfiles';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

let peer: LspPeer;
let dir: string;
const messages: ShowMessageParams[] = [];
before(async () => {
  peer = await startLspPeer({ configuration: { 'dockscope.lint': { enable: true, rules: {} } } });
  peer.connection.onNotification(ShowMessageNotification.type, (params) => messages.push(params));
  dir = mkdtempSync(join(tmpdir(), 'dockscope-lsp-hostile-'));
});
after(async () => {
  await peer.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Generous: the machine may be shared; the bench shows the real figures. */
const HUGE_TIMEOUT_MS = 180_000;

for (const input of hostileInputs()) {
  test(`${input.name}: diagnostics are published, and the server still answers`, { timeout: 2 * HUGE_TIMEOUT_MS }, async () => {
    const uri = `file:///tmp/lsp-hostile/${encodeURIComponent(input.name)}/Dockerfile`;
    const small = `file:///tmp/lsp-hostile/${encodeURIComponent(input.name)}-small/Dockerfile`;
    const huge = peer.open(uri, input.text, HUGE_TIMEOUT_MS);
    const other = peer.open(small, 'FROM alpine:3.20\nRUN apk add curl\n', HUGE_TIMEOUT_MS);
    const [published, smallPublished] = await Promise.all([huge, other]);
    assert.ok(smallPublished.diagnostics.some((d) => d.code === 'apk-no-cache'), 'another document is linted too');
    if (input.text.length > 256 * 1024 || input.text.split('\n').length > 5_000) {
      assert.ok(published.diagnostics.some((d) => /over what the editor lints on each edit/.test(d.message)), 'says where linting stopped');
    }
    const tokens = await peer.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
    assert.ok(Array.isArray(tokens?.data));
    assert.ok(Array.isArray(await peer.connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } })));
  });
}

test('the pragma shapes suppress what they name (checked at a size where the old pass was quadratic)', async () => {
  const input = hostileInputs().find((candidate) => candidate.name.startsWith('pragma pairs'))!;
  const published = await peer.open('file:///tmp/lsp-hostile/pragmas-again/Dockerfile', input.text, HUGE_TIMEOUT_MS);
  // Past the first stage pragmas (line 8, 10) every RUN is covered; what is left is the first few.
  const findings = published.diagnostics.filter((d) => d.code);
  assert.ok(findings.length > 0 && findings.every((d) => d.range.start.line < 10), JSON.stringify(findings.map((d) => `${d.code}@${d.range.start.line}`)));
});

test('a byte-order mark gives no false syntax error, and every quick fix keeps it first', async () => {
  const plain = 'from golang:1.22 AS build\nRUN apt-get update && apt-get install git\nRUNN go build\nFROM scratch\nCOPY --from=biuld /a /b\nCMD /a\n';
  const uriOf = (name: string) => `file:///tmp/lsp-hostile/bom-${name}/Dockerfile`;
  const [withPlain, withMark] = await Promise.all([peer.open(uriOf('plain'), plain), peer.open(uriOf('mark'), `\uFEFF${plain}`)]);
  const summary = (list: typeof withPlain.diagnostics) => list.map((d) => `${d.code}@${d.range.start.line}: ${d.message}`);
  assert.deepEqual(summary(withMark.diagnostics), summary(withPlain.diagnostics));
  let applied = 0;
  for (const [index, diagnostic] of withMark.diagnostics.entries()) {
    const request = async (name: string, d: typeof diagnostic) =>
      await peer.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri: uriOf(name) }, range: d.range, context: { diagnostics: [d] } }) as CodeAction[];
    const [markActions, plainActions] = await Promise.all([request('mark', diagnostic), request('plain', withPlain.diagnostics[index])]);
    assert.deepEqual(markActions.map((a) => a.title), plainActions.map((a) => a.title));
    for (const [k, action] of markActions.entries()) {
      const edits = action.edit?.changes?.[uriOf('mark')];
      if (!edits) continue;
      const fixed = TextDocument.applyEdits(TextDocument.create(uriOf('mark'), 'dockerfile', 1, `\uFEFF${plain}`), edits);
      const expected = TextDocument.applyEdits(TextDocument.create(uriOf('plain'), 'dockerfile', 1, plain), plainActions[k].edit!.changes![uriOf('plain')]);
      assert.equal(fixed, `\uFEFF${expected}`, action.title);
      applied++;
    }
  }
  assert.ok(applied >= 15, `${applied} actions applied`);
});

test('a config file of the wrong shape is said once, in one line that names it and quotes nothing', async () => {
  const project = join(dir, 'project');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, '.git'), '');
  writeFileSync(join(project, '.hadolint.yaml'), 'ignored: aws_secret_access_key=abc\noverride: [x]\n');
  const uri = (name: string) => pathToFileURL(join(project, name, 'Dockerfile')).toString();
  await peer.open(uri('a'), 'FROM alpine:3.20\n');
  await peer.open(uri('b'), 'FROM alpine:3.20\n');
  const shown = messages.filter((m) => m.message.includes('.hadolint.yaml'));
  assert.equal(shown.length, 2, JSON.stringify(shown));
  assert.ok(shown.every((m) => !m.message.includes('aws_secret') && !m.message.includes('\n')));
  assert.match(shown[0].message, /"override" must be a map|"ignored" must be a list/);
});
