// Runs only in the runner's Restricted Mode pass (Workspace Trust on, folder not trusted):
// Dockscope still lints there, and refuses builds.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { waitForDiagnostics } from './wait';

suite('untrusted workspace', () => {
  test('the workspace really is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('Dockerfiles are still linted', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const uri = vscode.Uri.file(path.join(folder, 'syntax', 'Dockerfile'));
    const diagnostics = waitForDiagnostics(uri, (all) => all.some((d) => d.source === 'dockscope'));
    await vscode.window.showTextDocument(uri);
    const codes = (await diagnostics).map((d) => (typeof d.code === 'object' ? d.code.value : d.code));
    assert.ok(codes.includes('syntax'), `codes: ${codes.join(', ')}`);
  });
});
