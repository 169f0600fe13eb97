// The archive analysis on archives built here: layouts the local daemon does not write (Docker ≥ 25,
// linked duplicate layers), tar corner cases (pax and GNU long names), and replay semantics.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import { analyzeArchive } from '../../../../engine/analysis/index';
import { TarScanner, type TarEntry } from '../../../../engine/analysis/tarScanner';

type Entry = { name: string; content?: string | Buffer; type?: 'file' | 'directory' | 'symlink' | 'link'; linkname?: string };

function tarOf(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const entry of entries) {
    if (entry.type && entry.type !== 'file') pack.entry({ name: entry.name, type: entry.type, linkname: entry.linkname });
    else pack.entry({ name: entry.name }, entry.content ?? '');
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  return new Promise((done, fail) => {
    pack.on('data', (chunk) => { chunks.push(chunk as Buffer); });
    pack.on('end', () => done(Buffer.concat(chunks)));
    pack.on('error', fail);
  });
}

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/** Feeds a buffer in small uneven chunks, as a socket would. */
function chunked(data: Buffer, size = 777): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts);
}

const LAYER_1: Entry[] = [
  { name: 'app/', type: 'directory' },
  { name: 'app/big', content: Buffer.alloc(3000, 1) },
  { name: 'app/cache/', type: 'directory' },
  { name: 'app/cache/a', content: Buffer.alloc(100, 1) },
  { name: 'app/cache/b', content: Buffer.alloc(200, 1) },
  { name: 'app/link', type: 'symlink', linkname: 'big' },
  { name: `app/${'deep/'.repeat(40)}file`, content: 'x' }, // > 100 chars: a pax or GNU long name
];
const LAYER_2: Entry[] = [
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

test('the tar scanner reads pax and GNU long names, links, and detects truncation', async () => {
  const longName = `${'x'.repeat(150)}/${'y'.repeat(120)}`;
  const data = await tarOf([{ name: longName, content: 'hello' }, { name: 'h', type: 'link', linkname: longName }, { name: 's', type: 'symlink', linkname: 'target' }]);
  const seen: TarEntry[] = [];
  const scanner = new TarScanner((entry) => { seen.push(entry); });
  for (let i = 0; i < data.length; i += 100) scanner.push(data.subarray(i, i + 100));
  scanner.end();
  assert.deepEqual(seen.map((e) => [e.name, e.kind, e.size, e.linkName]), [[longName, 'file', 5, ''], ['h', 'hardlink', 0, longName], ['s', 'symlink', 0, 'target']]);

  // A GNU long-name header ('L'), as GNU tar writes for names over 100 bytes.
  const gnu = Buffer.alloc(512 * 4);
  const header = (offset: number, name: string, type: string, size: number) => {
    gnu.write(name, offset);
    gnu.write('0000644\0', offset + 100);
    gnu.write(`${size.toString(8).padStart(11, '0')}\0`, offset + 124);
    gnu.write(type, offset + 156);
    gnu.write('ustar  \0', offset + 257);
    gnu.fill(' ', offset + 148, offset + 156);
    let sum = 0;
    for (let i = offset; i < offset + 512; i++) sum += gnu[i];
    gnu.write(`${sum.toString(8).padStart(6, '0')}\0 `, offset + 148);
  };
  header(0, '././@LongLink', 'L', longName.length + 1);
  gnu.write(`${longName}\0`, 512);
  header(1024, longName.slice(0, 99), '0', 0);
  const gnuSeen: string[] = [];
  const gnuScanner = new TarScanner((entry) => { gnuSeen.push(entry.name); });
  gnuScanner.push(gnu);
  assert.deepEqual(gnuSeen, [longName]);

  const truncated = new TarScanner(() => undefined);
  truncated.push(data.subarray(0, 700));
  assert.throws(() => truncated.end(), /Unexpected end of data/);
  const corrupt = Buffer.from(data);
  corrupt[3] ^= 0xff;
  assert.throws(() => new TarScanner(() => undefined).push(corrupt), /checksum/);
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
