// Inline pragmas and the `dockscope.rules` setting change what is reported, live.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, fixtureUri, waitForDiagnostics } from './wait';

suite('pragmas and settings', () => {
  test('a `# dockscope ignore=` pragma silences that rule on the next instruction only', async () => {
    const uri = fixtureUri('go-pragma', 'Dockerfile');
    // go-sdk-in-final-stage proves the file was linted; the pragma hides go-mod-cache-order.
    const diagnostics = waitForDiagnostics(uri, (all) => all.some((d) => codeOf(d) === 'go-sdk-in-final-stage'));
    await vscode.window.showTextDocument(uri);
    const codes = (await diagnostics).map(codeOf);
    assert.ok(!codes.includes('go-mod-cache-order'), `codes: ${codes.join(', ')}`);
    assert.ok(codes.includes('dockerignore-missing'), 'other rules on the same instruction still report');
  });

  test('dockscope.rules turns a rule off and changes another one\'s severity', async () => {
    const uri = fixtureUri('go-naive', 'Dockerfile');
    const config = vscode.workspace.getConfiguration('dockscope', uri);
    const initial = waitForDiagnostics(uri, (all) => all.some((d) => codeOf(d) === 'go-build-flags'));
    await vscode.window.showTextDocument(uri);
    await initial;
    try {
      const changed = waitForDiagnostics(uri, (all) => !all.some((d) => codeOf(d) === 'go-build-flags')
        && all.some((d) => codeOf(d) === 'go-sdk-in-final-stage' && d.severity === vscode.DiagnosticSeverity.Error));
      await config.update('rules', { 'go-build-flags': 'off', 'go-sdk-in-final-stage': 'error' }, vscode.ConfigurationTarget.Workspace);
      await changed;
    } finally {
      const restored = waitForDiagnostics(uri, (all) => all.some((d) => codeOf(d) === 'go-build-flags'));
      await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
      await restored;
    }
  });
});
