// The naive Go Dockerfile (the articles' starting point) gets the Go findings, each with its
// rule code linking to its docs page.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, fixtureUri, waitForDiagnostics } from './wait';

const EXPECTED: Array<[rule: string, line: number]> = [
  ['go-sdk-in-final-stage', 0],
  ['dockerignore-missing', 2],
  ['go-mod-cache-order', 2],
  ['go-build-flags', 3],
];

suite('Go diagnostics', () => {
  test('the naive Go Dockerfile carries the Go rule codes, lines and docs links', async () => {
    const uri = fixtureUri('go-naive', 'Dockerfile');
    const diagnostics = waitForDiagnostics(uri, (all) => EXPECTED.every(([rule]) => all.some((d) => codeOf(d) === rule)));
    await vscode.window.showTextDocument(uri);
    const all = await diagnostics;
    for (const [rule, line] of EXPECTED) {
      const found = all.find((d) => codeOf(d) === rule);
      assert.ok(found, `${rule} reported`);
      assert.equal(found.source, 'dockscope');
      assert.equal(found.range.start.line, line, `${rule} line`);
      const target = String((found.code as { target: vscode.Uri }).target);
      assert.match(target, new RegExp(`/docs/rules/${rule}\\.md$`), `${rule} docs link`);
    }
    const sdk = all.find((d) => codeOf(d) === 'go-sdk-in-final-stage')!;
    assert.equal(sdk.severity, vscode.DiagnosticSeverity.Warning);
  });
});
