// The Go quick fixes through the editor's own API: vscode.executeCodeActionProvider, then
// workspace.applyEdit. Each changes the text as specified and its finding goes away.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, fixtureUri, waitForDiagnostics } from './wait';

async function applyQuickFix(uri: vscode.Uri, rule: string, title: RegExp): Promise<void> {
  const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === rule);
  assert.ok(diagnostic, `${rule} is reported before the fix`);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
  const action = actions.find((candidate) => title.test(candidate.title));
  assert.ok(action?.edit, `a "${title.source}" quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
  const cleared = waitForDiagnostics(uri, (all) => !all.some((d) => codeOf(d) === rule));
  assert.equal(await vscode.workspace.applyEdit(action.edit), true);
  await cleared;
}

suite('Go quick fixes', () => {
  const uri = fixtureUri('go-cgo', 'Dockerfile');

  suiteSetup(async () => {
    const ready = waitForDiagnostics(uri, (all) => ['go-cgo-static-runtime', 'go-mod-cache-order'].every((rule) => all.some((d) => codeOf(d) === rule)));
    await vscode.window.showTextDocument(uri);
    await ready;
  });

  suiteTeardown(async () => {
    await vscode.window.showTextDocument(uri);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('go-cgo-static-runtime: "Prefix CGO_ENABLED=0" makes the build static', async () => {
    await applyQuickFix(uri, 'go-cgo-static-runtime', /^Prefix CGO_ENABLED=0$/);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.lineAt(3).text, 'RUN CGO_ENABLED=0 go build -o /out/server .');
  });

  test('go-mod-cache-order: go.mod is copied and modules downloaded before the source', async () => {
    await applyQuickFix(uri, 'go-mod-cache-order', /^Copy go\.mod and run go mod download before the source$/);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.deepEqual(document.getText().split(/\r?\n/).slice(0, 6), [
      'FROM golang:1.19-bookworm AS builder',
      'WORKDIR /src',
      'COPY go.mod ./',
      'RUN go mod download',
      'COPY . .',
      'RUN CGO_ENABLED=0 go build -o /out/server .',
    ]);
  });
});
