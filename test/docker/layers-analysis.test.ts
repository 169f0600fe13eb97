// The image analysis against the real daemon: layers from history, the streamed file-level
// analysis of the daemon's export, and the same figures from a legacy and an OCI archive file.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeArchive, analyzeImage } from '../../engine/analysis/index';
import { compareImages } from '../../engine/docker/compare';
import { getImageLayers, listImages } from '../../engine/docker/images';
import { BUSYBOX_IMAGE, buildImage, dockerOrSkip } from '../helpers/docker';
import { assertFixtureAnalysis, AT, buildLayersFixture, EXPECTED_SIZES, EXPECTED_WASTED } from '../helpers/layersFixture';

const TAG = 'dockscope-test/layers-analysis:1';

test('layer analysis of a known image', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  const id = await buildLayersFixture(docker, TAG);
  t.after(() => docker.getImage(TAG).remove({ force: true }).catch(() => undefined));
  const work = mkdtempSync(join(tmpdir(), 'dockscope-layers-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));

  await t.test('history + inspect: build order, sizes, cleaned instructions, base image', async () => {
    const image = await getImageLayers(docker, TAG);
    assert.equal(image.id, id);
    assert.equal(image.layers.length, AT.F + 1);
    assert.deepEqual(image.layers.map((l) => l.empty), [false, false, true, true, false, false, false, false, true, false, false]);
    for (const key of ['A', 'B', 'C', 'D', 'E', 'F'] as const) assert.equal(image.layers[AT[key]].sizeBytes, EXPECTED_SIZES[key], key);
    assert.equal(image.layers[AT.C].createdBy, 'RUN rm -rf /data/dir && rm /keep/orig');
    assert.equal(image.layers[AT.ENV].createdBy, 'ENV FIXTURE=1');
    assert.equal(image.base?.name, BUSYBOX_IMAGE);
    assert.equal(image.base?.historyCount, AT.A);
    assert.deepEqual(image.layers.map((l) => l.fromBase), image.layers.map((_, i) => i < AT.A));
    const digests = image.layers.filter((l) => !l.empty).map((l) => l.digest);
    assert.deepEqual(digests, (await docker.getImage(TAG).inspect()).RootFS.Layers);
    assert.equal(image.sizeBytes, Object.values(EXPECTED_SIZES).reduce((a, b) => a + b, 0) + image.layers[0].sizeBytes + image.layers[1].sizeBytes);
    const shares = image.layers.reduce((sum, l) => sum + l.share, 0);
    assert.ok(Math.abs(shares - 1) < 1e-9);

    const listed = (await listImages(docker)).find((summary) => summary.id === id);
    assert.deepEqual(listed?.tags, [TAG]);
    assert.equal(listed?.dangling, false);
    assert.equal(listed?.name, TAG);
  });

  await t.test('the daemon export, streamed (legacy layout on this daemon), with progress', async () => {
    const progress: number[] = [];
    const analysis = await analyzeImage(docker, TAG, { onProgress: ({ bytesRead }) => progress.push(bytesRead) });
    assert.equal(analysis.id, id);
    assertFixtureAnalysis(analysis);
    assert.ok(progress.length >= 1);
    assert.equal(progress[progress.length - 1], analysis.bytesRead);
    assert.ok(progress.every((value, i) => i === 0 || value >= progress[i - 1]));
    // The per-layer tree: C removes /data/dir (two files) and /keep/orig.
    const tree = analysis.layers[AT.C].tree!;
    const data = tree.children!.find((child) => child.name === 'data')!;
    assert.deepEqual(data.children!.map((c) => [c.name, c.change, c.removedBytes, c.removedFiles]), [['dir', 'removed', 12000, 2]]);
    const keep = analysis.layers[AT.D].tree!.children!.find((child) => child.name === 'keep')!;
    assert.equal(keep.removedFiles, 2); // opaque: a.txt and the hard link
    assert.equal(keep.change, undefined); // refilled in the same layer, so not "removed"
    assert.deepEqual(keep.children!.map((c) => [c.name, c.sizeBytes, c.change]), [['n', 4, 'added']]);
    assert.deepEqual(analysis.layers[AT.A].largestFolders[0], { path: '/data', sizeBytes: 312000, fileCount: 3 });
    const keepA = analysis.layers[AT.A].tree!.children!.find((child) => child.name === 'keep')!;
    assert.deepEqual(keepA.children!.map((c) => [c.name, c.kind, c.sizeBytes, c.change]), [['orig', 'file', 1000, 'added'], ['a.txt', 'file', 6, 'added'], ['zhard', 'hardlink', 0, 'added']]);
  });

  await t.test('a legacy `docker save` archive file', async () => {
    const file = join(work, 'legacy.tar');
    const saved = spawnSync('docker', ['save', '-o', file, TAG], { encoding: 'utf8' });
    assert.equal(saved.status, 0, saved.stderr);
    const analysis = await analyzeArchive(createReadStream(file), TAG);
    assert.equal(analysis.id, id);
    assertFixtureAnalysis(analysis);
    assert.equal(analysis.bytesRead, statSync(file).size);
  });

  await t.test('an OCI archive written by skopeo (gzip layers, index.json, no manifest.json)', async (t) => {
    const file = join(work, 'oci.tar');
    const copied = spawnSync('skopeo', ['copy', '--src-daemon-host', process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock', `docker-daemon:${TAG}`, `oci-archive:${file}`], { encoding: 'utf8' });
    if (copied.error && (copied.error as NodeJS.ErrnoException).code === 'ENOENT' && process.env.CI !== 'true') return t.skip('skopeo is not installed');
    assert.equal(copied.status, 0, copied.stderr);
    const listing = spawnSync('tar', ['tf', file], { encoding: 'utf8' }).stdout;
    assert.match(listing, /^index\.json$/m);
    assert.doesNotMatch(listing, /^manifest\.json$/m);
    const analysis = await analyzeArchive(createReadStream(file), TAG);
    // skopeo rewrites the config as an OCI config, so its digest (the id we report) differs.
    assert.match(analysis.id, /^sha256:[0-9a-f]{64}$/);
    assertFixtureAnalysis(analysis);
  });

  await t.test('zstd-compressed OCI layers', async (t) => {
    const file = join(work, 'oci-zstd.tar');
    const copied = spawnSync('skopeo', ['copy', '--dest-compress-format', 'zstd', '--src-daemon-host', process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock', `docker-daemon:${TAG}`, `oci-archive:${file}`], { encoding: 'utf8' });
    if (copied.status !== 0 && /unknown flag|not supported|unsupported/i.test(copied.stderr) && process.env.CI !== 'true') return t.skip(`this skopeo cannot write zstd: ${copied.stderr.trim()}`);
    assert.equal(copied.status, 0, copied.stderr);
    assertFixtureAnalysis(await analyzeArchive(createReadStream(file), TAG));
  });

  await t.test('compare: the fixture against its base image', async () => {
    const fixture = await getImageLayers(docker, TAG);
    const base = await getImageLayers(docker, BUSYBOX_IMAGE);
    const comparison = compareImages(base, fixture, { right: { efficiency: 0.5, wastedBytes: EXPECTED_WASTED, userWastedPercent: 0.1 } });
    assert.equal(comparison.sizeDeltaBytes, fixture.sizeBytes - base.sizeBytes);
    assert.equal(comparison.left.layerCount, 2);
    assert.equal(comparison.right.layerCount, 8);
    assert.equal(comparison.layerCountDelta, 6);
    assert.equal(comparison.right.biggestLayers[0].sizeBytes, EXPECTED_SIZES.F);
    assert.equal(comparison.right.baseName, BUSYBOX_IMAGE);
    assert.equal(comparison.wastedDeltaBytes, undefined);
  });

  await t.test('a BuildKit image (no parent chain): base found by layer/history prefix, BuildKit text cleaned', async () => {
    const tag = 'dockscope-test/layers-analysis:buildkit';
    await buildImage(docker, { Dockerfile: `FROM ${BUSYBOX_IMAGE}\nARG NOTE=x\nRUN echo "$NOTE" > /note\n` }, tag, { version: '2', buildargs: JSON.stringify({ NOTE: 'hi' }) });
    t.after(() => docker.getImage(tag).remove({ force: true }).catch(() => undefined));
    const image = await getImageLayers(docker, tag);
    assert.ok(image.layers.slice(AT.A).every((layer) => !/# buildkit|\/bin\/sh -c|\|1 /.test(layer.createdBy)), JSON.stringify(image.layers.map((l) => l.rawCreatedBy)));
    assert.equal(image.layers[image.layers.length - 1].createdBy, 'RUN echo "$NOTE" > /note');
    assert.equal(image.layers[image.layers.length - 1].sizeBytes, 3);
    assert.equal(image.base?.name, BUSYBOX_IMAGE);
    assert.equal(image.base?.historyCount, AT.A);
  });
});
