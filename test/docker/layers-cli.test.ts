// `dockscope layers` (the bundled dist/cli.js) against the real daemon: the table, the exact
// --json shape (version 1), --ci thresholds from flags and .dockscope.yaml, exit codes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { dockerOrSkip } from '../helpers/docker';
import { AT, buildLayersFixture, EXPECTED_EFFICIENCY, EXPECTED_SIZES, EXPECTED_WASTED } from '../helpers/layersFixture';

const CLI = resolve(__dirname, '../../dist/cli.js');
const TAG = 'dockscope-test/layers-cli:1';

function run(args: string[], cwd?: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, 'layers', ...args], { env: process.env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

test('dockscope layers: table, JSON, files, CI', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  const id = await buildLayersFixture(docker, TAG);
  t.after(() => docker.getImage(TAG).remove({ force: true }).catch(() => undefined));
  const project = mkdtempSync(join(tmpdir(), 'dockscope-layers-cli-'));
  t.after(() => rmSync(project, { recursive: true, force: true }));

  await t.test('--json without --files: image and layer keys only', async () => {
    const result = await run([TAG, '--json']);
    assert.equal(result.status, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(json), ['version', 'image', 'layers']);
    assert.deepEqual(json.image, { ref: TAG, id, sizeBytes: (await docker.getImage(TAG).inspect()).Size });
    assert.deepEqual(Object.keys(json.layers[0]), ['index', 'digest', 'sizeBytes', 'createdBy', 'empty']);
    assert.deepEqual(json.layers.map((l: { index: number }) => l.index), json.layers.map((_: unknown, i: number) => i));
    assert.equal(json.layers[AT.F].sizeBytes, EXPECTED_SIZES.F);
    assert.equal(json.layers[AT.ENV].digest, null);
  });

  await t.test('--json --files: the full version-1 shape', async () => {
    const result = await run([TAG, '--json', '--files']);
    assert.equal(result.status, 0, result.stderr);
    const json = JSON.parse(result.stdout);
    assert.deepEqual(Object.keys(json), ['version', 'image', 'layers', 'wasted']);
    assert.deepEqual(Object.keys(json.image), ['ref', 'id', 'sizeBytes', 'efficiency', 'wastedBytes', 'userWastedPercent']);
    assert.equal(json.image.wastedBytes, EXPECTED_WASTED);
    assert.ok(Math.abs(json.image.efficiency - EXPECTED_EFFICIENCY) < 1e-12);
    assert.deepEqual(Object.keys(json.layers[0]), ['index', 'digest', 'sizeBytes', 'createdBy', 'empty', 'added', 'modified', 'removed']);
    assert.deepEqual([json.layers[AT.C].added, json.layers[AT.C].modified, json.layers[AT.C].removed], [0, 0, 3]);
    assert.deepEqual(json.wasted[0], { path: '/data/big', count: 2, cumulativeBytes: 500000, wastedBytes: 300000 });
  });

  await t.test('the table', async () => {
    const result = await run([TAG]);
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^${TAG.replace(/[/.]/g, '\\$&')}  [0-9a-f]{12}  .* 8 layers, FROM dockscope-test/busybox:1$`, 'm'));
    assert.match(result.stdout, /^#\s+SIZE\s+SHARE\s+INSTRUCTION$/m);
    assert.match(result.stdout, new RegExp(`^${AT.C}\\s+0 B\\s+0\\.0%\\s+RUN rm -rf /data/dir && rm /keep/orig$`, 'm'));
    assert.match(result.stdout, new RegExp(`^${AT.ENV}\\s+-\\s+ENV FIXTURE=1$`, 'm'));
    const files = await run([TAG, '--files']);
    assert.match(files.stdout, /^wasted 313 kB/m);
    assert.match(files.stdout, /300 kB\s+2\s+\/data\/big \(#4, #5\)/);
  });

  await t.test('--ci: flags, .dockscope.yaml, exit codes', async () => {
    const passing = await run([TAG, '--ci', '--highest-wasted-bytes', '1MB', '--highest-user-wasted-percent', '0.5'], project);
    assert.equal(passing.status, 0, passing.stdout + passing.stderr);
    assert.match(passing.stdout, /^PASS  highestWastedBytes: 313 kB \(limit 1\.00 MB\)$/m);
    const failing = await run([TAG, '--ci', '--highest-wasted-bytes', '100kB', '--json'], project);
    assert.equal(failing.status, 1);
    assert.equal(JSON.parse(failing.stdout).image.wastedBytes, EXPECTED_WASTED);
    assert.match(failing.stderr, /^FAIL  highestWastedBytes: 313 kB \(limit 100 kB\)$/m);
    writeFileSync(join(project, '.dockscope.yaml'), 'layers:\n  lowestEfficiency: 0.5\n  highestUserWastedPercent: disabled\n');
    const fromConfig = await run([TAG, '--ci'], project);
    assert.equal(fromConfig.status, 1);
    assert.match(fromConfig.stdout, /^FAIL  lowestEfficiency: 0\.3899 \(limit 0\.5000\)$/m);
    assert.doesNotMatch(fromConfig.stdout, /highestUserWastedPercent/);
    const tooBig = await run([TAG, '--ci', '--highest-size', '30MB'], project);
    assert.equal(tooBig.status, 1);
    assert.match(tooBig.stdout, /^FAIL  highestSize: 36\.1 MB \(limit 30\.0 MB\)$/m);
    writeFileSync(join(project, '.dockscope.yaml'), 'layers:\n  highestSize: 40MB\n');
    const budget = await run([TAG, '--ci'], project);
    assert.equal(budget.status, 0, budget.stdout);
    assert.match(budget.stdout, /^PASS  highestSize: 36\.1 MB \(limit 40\.0 MB\)$/m);
    writeFileSync(join(project, '.dockscope.yaml'), 'layers:\n  highestWastedBytes: lots\n');
    const badConfig = await run([TAG, '--ci'], project);
    assert.equal(badConfig.status, 2);
    assert.match(badConfig.stderr, /layers\.highestWastedBytes/);
  });

  await t.test('usage errors exit 2, a missing image exits 1', async () => {
    assert.equal((await run([TAG, '--lowest-efficiency', '2'])).status, 2);
    const missing = await run(['dockscope-test/layers-cli:missing']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /"dockscope-test\/layers-cli:missing" is not on the daemon at .*Check the name and tag with `docker images`/);
    assert.doesNotMatch(missing.stderr, /Refresh|dockscope\.docker/);
  });
});
