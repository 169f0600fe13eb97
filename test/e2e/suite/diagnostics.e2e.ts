import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitForDiagnostics } from './wait';

suite('diagnostics', () => {
  test('an unknown instruction is reported with its rule code and docs link', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const uri = vscode.Uri.file(path.join(folder, 'syntax', 'Dockerfile'));
    const diagnostics = waitForDiagnostics(uri, (all) => all.some((d) => d.source === 'dockscope'));
    await vscode.window.showTextDocument(uri);
    const found = (await diagnostics).find((d) => typeof d.code === 'object' && d.code.value === 'syntax');
    assert.ok(found, 'a syntax diagnostic');
    assert.equal(found.range.start.line, 1);
    assert.match(String((found.code as { target: vscode.Uri }).target), /docs\/rules\/syntax\.md$/);
  });
});
