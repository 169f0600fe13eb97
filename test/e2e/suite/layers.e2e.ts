// The Layers view's tree provider, inside the real extension host, against the test daemon.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BuildRecord } from '../../../engine/build/record';
import { buildFixtureImage, DATA_BYTES, removeImage } from './dockerFixture';
import { fixtureUri } from './wait';

const TAG = 'dockscope-test/layers-e2e:1';

interface TreeProvider {
  onDidChangeTreeData: vscode.Event<unknown>;
  getChildren(element?: vscode.TreeItem): Promise<vscode.TreeItem[]>;
  refresh(): void;
  snapshot: { state: string; failure?: { kind: string; message: string } };
}

interface FiguresApi {
  textAt(dockerfile: vscode.Uri, line: number): string | undefined;
  hoverAt(dockerfile: vscode.Uri, line: number): string | undefined;
}

async function inlineFigures(): Promise<FiguresApi> {
  const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON?.name === 'dockscope');
  const api = (await extension!.activate()) as { build: { inlineFigures: FiguresApi } };
  return api.build.inlineFigures;
}

/** Like waitForRoot, but only reacts to the tree's own change events: it never asks for a refresh. */
function waitForTreeChange(provider: TreeProvider, accept: (rows: vscode.TreeItem[]) => boolean): Promise<void> {
  return new Promise((resolve) => {
    const subscription = provider.onDidChangeTreeData(async () => {
      if (accept(await provider.getChildren())) { subscription.dispose(); resolve(); }
    });
  });
}

/** scripts/docker-test-daemon.sh for a private daemon in `state` (never the shared test daemon). */
function privateDaemon(command: 'start' | 'stop', state: string): string {
  const repo = [path.resolve(__dirname, '../../..'), path.resolve(__dirname, '../../../..')].find((dir) => existsSync(path.join(dir, 'scripts', 'docker-test-daemon.sh')));
  assert.ok(repo, 'the repository\'s scripts folder');
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKSCOPE_DOCKER_STATE: state, DOCKSCOPE_DOCKER_OWNER: 'layers-e2e' };
  delete env.DOCKER_HOST;
  const out = execFileSync('bash', [path.join(repo, 'scripts', 'docker-test-daemon.sh'), command], { env, encoding: 'utf8', timeout: 120_000 });
  return out.trim().split('\n').pop() ?? '';
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

  test('every layer of an image Dockscope built opens its line, COPY --from with a build argument included; the figures are of that image only', async () => {
    const provider = await layersProvider();
    const figures = await inlineFigures();
    const dockerfile = fixtureUri('layers-copy-from', 'Dockerfile');
    const tag = 'dockscope-test/layers-copy-from:1';
    const other = 'dockscope-test/layers-copy-from:other';
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(dockerfile));
      const record = await vscode.commands.executeCommand<BuildRecord | undefined>('dockscope.build', dockerfile, { tag, target: '', buildArgs: [], context: path.dirname(dockerfile.fsPath) });
      assert.equal(record?.outcome, 'succeeded', record?.error ?? 'no record');
      const image = await waitForRoot(provider, (rows) => rows.find((row) => row.label === tag));
      const layers = (await provider.getChildren(image)).filter((row) => row.contextValue === 'layer');
      const copy = layers.find((row) => String(row.description) === 'COPY /assets/data.txt /app/data.txt');
      assert.ok(copy, `the COPY --from layer, as history records it: ${layers.map((row) => row.description).join(' | ')}`);
      for (const row of layers) {
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        await vscode.commands.executeCommand('dockscope.layers.openSource', row);
        const editor = vscode.window.activeTextEditor;
        assert.equal(editor?.document.uri.fsPath, dockerfile.fsPath, `${row.description} opens the Dockerfile`);
        const keyword = String(row.description).split(' ')[0];
        assert.match(editor.document.lineAt(editor.selection.start.line).text, new RegExp(`^${keyword}\\b`), `${row.description} → line ${editor.selection.start.line + 1}`);
        if (row === copy) assert.equal(editor.selection.start.line, 7, 'COPY --from=assets /${DIR}/data.txt is line 8');
      }

      // Inline: the built image's size on the COPY --from line, nothing on ARG/ENV, the image named.
      assert.match(figures.textAt(dockerfile, 8) ?? '', /^30\.0 kB · /);
      assert.equal(figures.textAt(dockerfile, 9), undefined);
      assert.equal(figures.textAt(dockerfile, 7), undefined);
      assert.match(figures.hoverAt(dockerfile, 8) ?? '', new RegExp(`^Figures of image ${tag} \\(${record!.image!.slice(7, 19)}\\) built from this file`));
      // Analyzing another image that this open Dockerfile would explain leaves its figures alone.
      const before = figures.textAt(dockerfile, 8);
      await buildFixtureImage(other, 'FROM scratch\nCOPY data.bin /app/data.txt\nENV MODE=e2e\n');
      const otherRow = await waitForRoot(provider, (rows) => rows.find((row) => row.label === other));
      await vscode.commands.executeCommand('dockscope.layers.analyze', otherRow);
      assert.equal(figures.textAt(dockerfile, 8), before, 'figures of one image: the one built from this file');
      assert.match(figures.hoverAt(dockerfile, 8) ?? '', new RegExp(record!.image!.slice(7, 19)));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await removeImage(tag);
      await removeImage(other);
    }
  });

  test('a daemon that stops shows "not reachable" within 10 s with its endpoint and reason, and the view recovers by itself', async function () {
    if (process.getuid?.() !== 0) this.skip(); // a second dockerd needs root
    this.timeout(240_000);
    const provider = await layersProvider();
    const config = vscode.workspace.getConfiguration('dockscope.docker');
    const state = mkdtempSync(path.join(tmpdir(), 'dockscope-e2e-daemon-'));
    try {
      const host = privateDaemon('start', state);
      const reachable = waitForRoot(provider, () => (provider.snapshot.state === 'empty' ? new vscode.TreeItem('empty') : undefined));
      await config.update('host', host, vscode.ConfigurationTarget.Global);
      await reachable;

      const lost = waitForTreeChange(provider, () => provider.snapshot.state === 'unreachable');
      const stoppedAt = Date.now();
      privateDaemon('stop', state);
      await lost;
      const noticedMs = Date.now() - stoppedAt;
      console.log(`[mocha] e2e figure: a stopped daemon shown unreachable after ${noticedMs} ms`);
      assert.ok(noticedMs < 10_000, `noticed after ${noticedMs} ms`);
      const message = provider.snapshot.failure?.message ?? '';
      // Whichever request meets the stopping daemon first gives the cause: the socket is gone
      // (ENOENT/ECONNREFUSED), or a request in flight was cut (EPIPE/ECONNRESET).
      const unreachable = message.startsWith(`Cannot reach the Docker daemon at ${host} (dockscope.docker.host setting): `)
        && /\((ENOENT|ECONNREFUSED)\)\. Is Docker running\? If it listens elsewhere, set dockscope\.docker\.host/.test(message);
      const cut = message.startsWith(`The Docker daemon at ${host} (dockscope.docker.host setting) closed the connection in the middle of the transfer`)
        && /(EPIPE|ECONNRESET|socket hang up)/.test(message);
      assert.ok(unreachable || cut, message);

      const back = waitForTreeChange(provider, () => provider.snapshot.state !== 'unreachable');
      const startedAt = Date.now();
      privateDaemon('start', state);
      await back;
      console.log(`[mocha] e2e figure: the view recovered ${Date.now() - startedAt} ms after the daemon started again`);
    } finally {
      privateDaemon('stop', state);
      const back = waitForRoot(provider, () => (provider.snapshot.state === 'ok' ? new vscode.TreeItem('back') : undefined));
      await config.update('host', undefined, vscode.ConfigurationTarget.Global);
      await back;
      rmSync(state, { recursive: true, force: true });
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
