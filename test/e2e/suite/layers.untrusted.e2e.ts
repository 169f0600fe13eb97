// Restricted Mode: the Layers view still reads the daemon, but never writes to it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { buildFixtureImage, docker, removeImage } from './dockerFixture';

const TAG = 'dockscope-test/layers-untrusted-e2e:1';

interface TreeProvider {
  onDidChangeTreeData: vscode.Event<unknown>;
  getChildren(element?: vscode.TreeItem): Promise<vscode.TreeItem[]>;
  refresh(): void;
}

suite('layers view in Restricted Mode', () => {
  suiteTeardown(() => removeImage(TAG));

  test('Remove Image is refused and the image stays', async () => {
    assert.equal(vscode.workspace.isTrusted, false, 'this suite runs in an untrusted workspace');
    const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON?.name === 'dockscope');
    assert.ok(extension);
    const provider = ((await extension.activate()) as { layers: { provider: TreeProvider } }).layers.provider;
    const id = await buildFixtureImage(TAG);
    const row = await new Promise<vscode.TreeItem>((resolve) => {
      const check = async () => {
        const found = (await provider.getChildren()).find((candidate) => candidate.label === TAG);
        if (found) { subscription.dispose(); resolve(found); }
      };
      const subscription = provider.onDidChangeTreeData(() => void check());
      provider.refresh();
    });
    // A trusted workspace would ask with a modal dialog here; Restricted Mode refuses at once.
    await vscode.commands.executeCommand('dockscope.layers.remove', row);
    assert.equal((await docker().getImage(TAG).inspect()).Id, id);
  });
});
