// The archive analysis on archives built here: layouts the local daemon does not write (Docker ≥ 25,
// linked duplicate layers) and replay semantics.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { analyzeArchive } from '../../../../engine/analysis/index';
import { chunked, tarOf, type TarFixtureEntry } from '../../../helpers/tar';

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

const LAYER_1: TarFixtureEntry[] = [
  { name: 'app/', type: 'directory' },
  { name: 'app/big', content: Buffer.alloc(3000, 1) },
  { name: 'app/cache/', type: 'directory' },
  { name: 'app/cache/a', content: Buffer.alloc(100, 1) },
  { name: 'app/cache/b', content: Buffer.alloc(200, 1) },
  { name: 'app/link', type: 'symlink', linkname: 'big' },
  { name: `app/${'deep/'.repeat(40)}file`, content: 'x' }, // > 100 chars: a pax or GNU long name
];
const LAYER_2: TarFixtureEntry[] = [
  { name: 'app/big', content: Buffer.alloc(1000, 2) },
  { name: 'app/cache/', type: 'directory' },
  { name: 'app/cache/.wh..wh..opq', content: '' },
  { name: 'app/cache/c', content: Buffer.alloc(10, 2) },
  { name: 'app/.wh.link', content: '' },
];
const HISTORY = [
  { created_by: 'COPY app /app # buildkit' },
  { created_by: 'ENV A=1', empty_layer: true },
  { created_by: 'RUN /bin/sh -c rebuild # buildkit' },
];

function checkFigures(analysis: Awaited<ReturnType<typeof analyzeArchive>>): void {
  assert.deepEqual(analysis.layers.map((l) => [l.createdBy, l.empty, l.sizeBytes]), [['COPY app /app', false, 3000 + 100 + 200 + 3 + 1], ['ENV A=1', true, 0], ['RUN rebuild', false, 1010]]);
  const [first, , second] = analysis.layers;
  assert.deepEqual([first.added, first.modified, first.removed], [5, 0, 0]);
  assert.deepEqual([second.added, second.modified, second.removed], [1, 1, 3]);
  assert.equal(second.removedBytes, 100 + 200 + 3);
  assert.ok(first.largestFiles.some((f) => f.path === `/app/${'deep/'.repeat(40)}file`));
  // /app/big: 3000 then 1000 → 3000 wasted (the first copy); cache a, b deleted (300); the symlink deleted (3).
  assert.equal(analysis.wastedBytes, 3000 + 300 + 3);
  assert.equal(analysis.efficiency, 1000 / (4000 + 300 + 3));
  assert.deepEqual(analysis.wasted.map((w) => w.path), ['/app/big', '/app/cache/b', '/app/cache/a', '/app/link']);
}

test('Docker ≥ 25 layout: manifest.json pointing into blobs/sha256, gzip and plain layers, manifest last', async () => {
  const layer1 = gzipSync(await tarOf(LAYER_1));
  const layer2 = await tarOf(LAYER_2);
  const config = JSON.stringify({ rootfs: { type: 'layers', diff_ids: [`sha256:${sha('1')}`, `sha256:${sha('2')}`] }, history: HISTORY });
  const archive = await tarOf([
    { name: 'blobs/', type: 'directory' },
    { name: `blobs/sha256/${sha(layer1)}`, content: layer1 },
    { name: `blobs/sha256/${sha(layer2)}`, content: layer2 },
    { name: `blobs/sha256/${sha(config)}`, content: config },
    { name: 'index.json', content: JSON.stringify({ schemaVersion: 2, manifests: [] }) },
    { name: 'manifest.json', content: JSON.stringify([{ Config: `blobs/sha256/${sha(config)}`, RepoTags: ['app:1'], Layers: [`blobs/sha256/${sha(layer1)}`, `blobs/sha256/${sha(layer2)}`] }]) },
  ]);
  const progress: number[] = [];
  const analysis = await analyzeArchive(chunked(archive), 'app:1', { onProgress: ({ bytesRead }) => progress.push(bytesRead) });
  assert.equal(analysis.id, `sha256:${sha(config)}`);
  assert.deepEqual(analysis.repoTags, ['app:1']);
  assert.deepEqual(analysis.layers.map((l) => l.digest), [`sha256:${sha('1')}`, null, `sha256:${sha('2')}`]);
  assert.equal(progress[progress.length - 1], archive.length);
  checkFigures(analysis);
});

test('legacy layout with a duplicate layer stored as a symlink to the first copy', async () => {
  const layer = await tarOf([{ name: 'same', content: 'abc' }]);
  const config = JSON.stringify({ rootfs: { diff_ids: ['sha256:d', 'sha256:d'] }, history: [{ created_by: 'RUN a' }, { created_by: 'RUN a' }] });
  const archive = await tarOf([
    { name: 'aaa/layer.tar', content: layer },
    { name: 'bbb/layer.tar', type: 'symlink', linkname: '../aaa/layer.tar' },
    { name: 'cfg.json', content: config },
    { name: 'manifest.json', content: JSON.stringify([{ Config: 'cfg.json', Layers: ['aaa/layer.tar', 'bbb/layer.tar'] }]) },
  ]);
  const analysis = await analyzeArchive(chunked(archive, 4096), 'x');
  assert.equal(analysis.id, 'sha256:cfg');
  assert.deepEqual(analysis.layers.map((l) => [l.sizeBytes, l.added, l.modified]), [[3, 1, 0], [3, 0, 1]]);
  assert.equal(analysis.wastedBytes, 3);
});

test('deleting then re-adding a path counts it as added, and the removal as waste', async () => {
  const config = JSON.stringify({ rootfs: { diff_ids: ['sha256:1', 'sha256:2', 'sha256:3'] }, history: [{ created_by: 'RUN a' }, { created_by: 'RUN b' }, { created_by: 'RUN c' }] });
  const archive = await tarOf([
    { name: 'l1/layer.tar', content: await tarOf([{ name: 'f', content: Buffer.alloc(50) }]) },
    { name: 'l2/layer.tar', content: await tarOf([{ name: '.wh.f', content: '' }]) },
    { name: 'l3/layer.tar', content: await tarOf([{ name: 'f', content: Buffer.alloc(20) }]) },
    { name: 'c.json', content: config },
    { name: 'manifest.json', content: JSON.stringify([{ Config: 'c.json', Layers: ['l1/layer.tar', 'l2/layer.tar', 'l3/layer.tar'] }]) },
  ]);
  const analysis = await analyzeArchive(chunked(archive), 'x');
  assert.deepEqual(analysis.layers.map((l) => [l.added, l.modified, l.removed]), [[1, 0, 0], [0, 0, 1], [1, 0, 0]]);
  assert.deepEqual(analysis.wasted.map((w) => [w.path, w.count, w.cumulativeBytes, w.wastedBytes]), [['/f', 3, 70, 70]]);
  assert.equal(analysis.efficiency, 0);
  assert.equal(analysis.efficiencyAllPaths, (70 - 70) / 70);
});

test('a plain layer whose first file is named like JSON ({config}.json, [x]) is still read as a layer', async () => {
  for (const first of ['{config}.json', '[data]', '{']) {
    const layer = await tarOf([{ name: first, content: '{"not": "the layer"}' }, { name: 'app/bin', content: Buffer.alloc(500, 7) }]);
    const config = JSON.stringify({ rootfs: { type: 'layers', diff_ids: [`sha256:${sha('L')}`] }, history: [{ created_by: 'COPY . / # buildkit' }] });
    const archive = await tarOf([
      { name: `blobs/sha256/${sha(layer)}`, content: layer },
      { name: `blobs/sha256/${sha(config)}`, content: config },
      { name: 'manifest.json', content: JSON.stringify([{ Config: `blobs/sha256/${sha(config)}`, RepoTags: ['odd:1'], Layers: [`blobs/sha256/${sha(layer)}`] }]) },
    ]);
    const analysis = await analyzeArchive(chunked(archive, 100), 'odd:1');
    assert.equal(analysis.layers[0].sizeBytes, 20 + 500, first);
    assert.equal(analysis.layers[0].added, 2, first);
  }
});
