// Runs only in the runner's Restricted Mode pass (Workspace Trust on, folder not trusted):
// Dockscope still lints there, and refuses builds.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { docker } from './dockerFixture';
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

  test('the build command refuses to build', async function () {
    // Without the trust check the command would wait on its first prompt (the tag) and this
    // test would time out; with it, the command returns at once and nothing reaches the daemon.
    this.timeout(20_000);
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const uri = vscode.Uri.file(path.join(folder, 'go-service', 'Dockerfile'));
    await vscode.window.showTextDocument(uri);
    const defaultTag = 'go-service:dev';
    await docker().getImage(defaultTag).remove().catch(() => undefined);
    await vscode.commands.executeCommand('dockscope.build', uri);
    const built = await docker().listImages({ filters: { reference: [defaultTag] } });
    assert.equal(built.length, 0, 'no image was built');
  });
});
