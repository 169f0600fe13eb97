// `source.fixAll.dockscope` in `editor.codeActionsOnSave`, set up as the README says: one save
// (Ctrl+S) applies every safe fix to a fixed point (fixes that clash wait for the next pass of
// the same save), and nothing safe is left to fix afterwards.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, fixtureUri, waitForDiagnostics } from './wait';

suite('fix all on save', () => {
  const uri = fixtureUri('fix-on-save', 'Dockerfile');
  const editorConfig = () => vscode.workspace.getConfiguration('editor', { languageId: 'dockerfile' });
  const files = () => vscode.workspace.getConfiguration('files');

  suiteSetup(async () => {
    await editorConfig().update('codeActionsOnSave', { 'source.fixAll.dockscope': 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    // code-server saves after a delay by default; an auto save runs no "explicit" code action and
    // would leave the explicit save below nothing to save.
    await files().update('autoSave', 'off', vscode.ConfigurationTarget.Workspace);
  });
  suiteTeardown(async () => {
    await editorConfig().update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
    await files().update('autoSave', undefined, vscode.ConfigurationTarget.Workspace);
  });

  test('one save fixes to a fixed point: merged RUN with -y and the lists cleaned, exec-form CMD', async () => {
    const linted = waitForDiagnostics(uri, (all) => all.some((d) => codeOf(d) === 'apt-update-alone'));
    const editor = await vscode.window.showTextDocument(uri);
    await linted;
    // A change, as after typing, so the save has something to save.
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# fixed on save\n'));
    const fixed = waitForDiagnostics(uri, (all) => all.length > 0 && !all.some((d) => codeOf(d) === 'apt-missing-yes'));
    await vscode.commands.executeCommand('workbench.action.files.save');
    assert.equal(editor.document.isDirty, false, 'saved');
    assert.equal(editor.document.getText(), [
      '# fixed on save',
      'FROM debian:12',
      'RUN apt-get update && \\',
      '    apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
      'CMD ["node", "app.js"]',
      '',
    ].join('\n'));
    const left = (await fixed).map(codeOf);
    for (const rule of ['apt-update-alone', 'apt-missing-yes', 'apt-lists-not-cleaned', 'json-args-recommended']) assert.ok(!left.includes(rule), `${rule} left: ${left.join(', ')}`);
    const again = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri,
      new vscode.Range(0, 0, editor.document.lineCount, 0), 'source.fixAll.dockscope');
    assert.deepEqual(again.map((action) => action.title), [], 'nothing safe left to fix');
  });
});
