// The Layers view's tree provider, inside the real extension host, against the test daemon.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { buildFixtureImage, DATA_BYTES, removeImage } from './dockerFixture';

const TAG = 'dockscope-test/layers-e2e:1';

interface TreeProvider {
  onDidChangeTreeData: vscode.Event<unknown>;
  getChildren(element?: vscode.TreeItem): Promise<vscode.TreeItem[]>;
  refresh(): void;
  snapshot: { state: string; failure?: { kind: string; message: string } };
}

async function layersProvider(): Promise<TreeProvider> {
  const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON?.name === 'dockscope');
  assert.ok(extension, 'the Dockscope extension is installed');
  const api = (await extension.activate()) as { layers?: { provider: TreeProvider } };
  assert.ok(api?.layers?.provider, 'activate() exports the Layers provider');
  return api.layers.provider;
}

/** Re-reads the root after every tree change event until `accept` finds a row; no timers. */
function waitForRoot(provider: TreeProvider, accept: (rows: vscode.TreeItem[]) => vscode.TreeItem | undefined): Promise<vscode.TreeItem> {
  return new Promise((resolve, reject) => {
    let checking = false;
    let again = false;
    const check = async () => {
      if (checking) { again = true; return; }
      checking = true;
      try {
        const found = accept(await provider.getChildren());
        if (found) { subscription.dispose(); resolve(found); return; }
      } catch (error) {
        subscription.dispose();
        reject(error);
        return;
      } finally {
        checking = false;
      }
      if (again) { again = false; void check(); }
    };
    const subscription = provider.onDidChangeTreeData(() => void check());
    provider.refresh();
  });
}

suite('layers view', () => {
  suiteTeardown(() => removeImage(TAG));

  test('the tree lists the test image and its layers with sizes, in build order', async () => {
    const provider = await layersProvider();
    const imageRow = waitForRoot(provider, (rows) => rows.find((row) => row.label === TAG));
    await buildFixtureImage(TAG);
    const image = await imageRow;
    assert.equal(image.contextValue, 'image');
    assert.match(String(image.description), new RegExp(`^${(2 * DATA_BYTES) / 1000} kB · `));

    const rows = await provider.getChildren(image);
    const layers = rows.filter((row) => row.contextValue === 'layer');
    assert.equal(layers.length, 3, `three layer rows, got ${rows.map((row) => `${row.label}`).join(', ')}`);
    assert.match(String(layers[0].description), /^COPY file:[0-9a-f]{12} \/data\/data\.bin$/);
    assert.equal(layers[1].description, 'ENV MODE=e2e');
    assert.match(String(layers[2].description), /^COPY file:[0-9a-f]{12} \/data\/copy\.bin$/);
    assert.deepEqual(layers.map((row) => row.label), ['200 kB · 50 %', '0 B', '200 kB · 50 %']);
  });

  test('Analyze Image adds efficiency and per-layer file rows', async () => {
    const provider = await layersProvider();
    await buildFixtureImage(TAG);
    const image = await waitForRoot(provider, (rows) => rows.find((row) => row.label === TAG));
    const analysed = waitForRoot(provider, (rows) => rows.find((row) => row.label === TAG && String(row.description).endsWith('· analyzed')));
    await vscode.commands.executeCommand('dockscope.layers.analyze', image);
    const rows = await provider.getChildren(await analysed);
    assert.equal(rows[0].label, 'Efficiency 100.0 %');
    assert.equal(rows[1].label, 'Wasted space: none');
    const copy = rows.find((row) => row.contextValue === 'layer' && /copy\.bin$/.test(String(row.description)));
    assert.ok(copy, 'the second COPY layer row');
    assert.equal(copy.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    const details = await provider.getChildren(copy);
    assert.equal(details[0].label, '+1 added · ~0 modified · −0 removed');
    const files = details.find((row) => row.label === 'Files');
    assert.ok(files, 'a Files tree');
    const top = await provider.getChildren(files);
    assert.deepEqual(top.map((row) => [row.label, row.description]), [['data', `${DATA_BYTES / 1000} kB · 1 file · 100 %`]]);
  });

  test('an unreachable daemon and a malformed host give the welcome state or a message row, never a hang', async () => {
    const provider = await layersProvider();
    const config = vscode.workspace.getConfiguration('dockscope.docker');
    try {
      const unreachable = waitForRoot(provider, (rows) => (provider.snapshot.state === 'unreachable' && rows.length === 0 ? new vscode.TreeItem('welcome') : undefined));
      await config.update('host', 'unix:///nonexistent/dockscope-e2e.sock', vscode.ConfigurationTarget.Global);
      await unreachable;
      assert.equal(provider.snapshot.failure?.kind, 'unreachable');

      const message = waitForRoot(provider, (rows) => rows.find((row) => row.contextValue === 'message'));
      await config.update('host', 'ftp://not-a-docker-host', vscode.ConfigurationTarget.Global);
      const row = await message;
      assert.match(String(row.label), /not a Docker host|Unsupported Docker host scheme/);
      assert.equal(row.command?.command, 'dockscope.layers.retry');
    } finally {
      const back = waitForRoot(provider, () => (provider.snapshot.state !== 'unreachable' ? new vscode.TreeItem('back') : undefined));
      await config.update('host', undefined, vscode.ConfigurationTarget.Global);
      await back;
    }
  });

  test('a removed image disappears from the tree after the daemon event', async () => {
    const provider = await layersProvider();
    await buildFixtureImage(TAG);
    await waitForRoot(provider, (rows) => rows.find((row) => row.label === TAG));
    const gone = waitForRoot(provider, (rows) => (rows.some((row) => row.label === TAG) ? undefined : rows[0] ?? new vscode.TreeItem('empty')));
    await removeImage(TAG);
    await gone;
  });
});
