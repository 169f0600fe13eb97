// Hostile image exports, generated here and streamed without being held: what the archive
// reader keeps in memory is bounded (JSON documents by size, nesting, objects and in total), a
// refused document is named with the limit it passes, and legitimate data next to the junk is
// still analysed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeArchive } from '../../../../engine/analysis/index';
import { readImageArchive } from '../../../../engine/analysis/archive';
import { JSON_LIMITS } from '../../../../engine/analysis/boundedJson';
import { DockerError } from '../../../../engine/docker/errors';
import { memberOf, streamedTar, tarOf, type StreamedMember } from '../../../helpers/tar';

const MiB = 1 << 20;

/** A JSON document of exactly `size` bytes: one long string value. */
function jsonBlob(name: string, size: number): StreamedMember {
  const block = Buffer.alloc(MiB, 'x');
  return {
    name,
    size,
    chunks: function* () {
      yield Buffer.from('{"a":"');
      let left = size - 8;
      while (left > 0) { const take = Math.min(left, MiB); yield block.subarray(0, take); left -= take; }
      yield Buffer.from('"}');
    },
  };
}

/** A JSON document of `size` bytes that only opens arrays: `[[[[…`. */
function nestedBlob(name: string, size: number): StreamedMember {
  return { name, size, chunks: function* () { for (let left = size; left > 0; left -= MiB) yield Buffer.alloc(Math.min(left, MiB), '['); } };
}

/** A small legitimate image in the legacy layout (manifest.json → config → layer.tar). */
async function tinyImage(config: unknown = { rootfs: { diff_ids: ['sha256:1'] }, history: [{ created_by: 'COPY a /a # buildkit' }] }): Promise<StreamedMember[]> {
  const layer = await tarOf([{ name: 'a', content: 'hello' }]);
  return [
    memberOf('l1/layer.tar', layer),
    memberOf('cfg.json', JSON.stringify(config)),
    memberOf('manifest.json', JSON.stringify([{ Config: 'cfg.json', RepoTags: ['app:1'], Layers: ['l1/layer.tar'] }])),
  ];
}

async function refused(work: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(work, (error: unknown) => {
    assert.ok(error instanceof DockerError, String(error));
    assert.equal(error.kind, 'bad-archive');
    assert.match(error.message, pattern);
    return true;
  });
}

/** Peak resident memory above the start while `work` runs (sampled every 20 ms). */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthMiB: number }> {
  const start = process.memoryUsage().rss;
  let peak = start;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthMiB: (peak - start) / MiB };
  } finally {
    clearInterval(sampler);
  }
}

test('40 JSON-looking blobs of 8 MB next to a real image: skipped unread, the image analysed, memory flat', async () => {
  const junk = Array.from({ length: 40 }, (_, i) => jsonBlob(`blobs/sha256/${String(i).padStart(64, '0')}`, 8 * MiB));
  const image = await tinyImage();
  const { result, growthMiB } = await peakGrowth(() => analyzeArchive(streamedTar([...junk, ...image]), 'app:1'));
  assert.deepEqual(result.layers.map((layer) => [layer.createdBy, layer.added]), [['COPY a /a', 1]]);
  assert.ok(result.bytesRead > 320 * MiB, `read ${result.bytesRead}`);
  assert.ok(growthMiB < 150, `peak grew by ${growthMiB.toFixed(0)} MiB`);
});

test('JSON documents under the per-document limit but too many in all: refused at the one that passes the total', async () => {
  const size = 3 * MiB;
  const junk = Array.from({ length: 100 }, (_, i) => jsonBlob(`blobs/sha256/${String(i).padStart(64, '0')}`, size));
  const first = Math.floor(JSON_LIMITS.totalBytes / size); // the index of the first one over
  await refused(readImageArchive(streamedTar(junk)), new RegExp(`JSON documents pass 16 MiB in all at blobs/sha256/${String(first).padStart(64, '0')}`));
});

test('an 8 MB deeply nested config: refused by size, naming the member; smaller ones by depth or by count', async () => {
  const named = [nestedBlob('cfg.json', 8 * MiB), ...(await tinyImage()).filter((member) => member.name !== 'cfg.json')];
  const { growthMiB } = await peakGrowth(() => refused(analyzeArchive(streamedTar(named), 'app:1'), /^cfg\.json is 8 MiB, over the 4 MiB Dockscope reads of one JSON document/));
  assert.ok(growthMiB < 100, `peak grew by ${growthMiB.toFixed(0)} MiB`);
  await refused(analyzeArchive(streamedTar([nestedBlob('cfg.json', 3 * MiB)]), 'x'), /^cfg\.json nests deeper than 64 levels/);
  const flat = `[${'{},'.repeat(JSON_LIMITS.containers)}{}]`;
  await refused(analyzeArchive(streamedTar([memberOf('manifest.json', flat)]), 'x'), /^manifest\.json holds more than 100,000 objects and arrays/);
  // The same as an unnamed blob that the manifest names as its config: the reason is kept for the message.
  const blobConfig = [jsonBlob(`blobs/sha256/${'c'.repeat(64)}`, 5 * MiB), memberOf('manifest.json', JSON.stringify([{ Config: `blobs/sha256/${'c'.repeat(64)}`, Layers: [] }]))];
  await refused(analyzeArchive(streamedTar(blobConfig), 'x'), /The image config blobs\/sha256\/c{64}: blobs\/sha256\/c{64} is 5 MiB, over the 4 MiB/);
});

test('documents of the wrong shape: named, never a crash or an empty analysis', async () => {
  await refused(analyzeArchive(streamedTar(await tinyImage([])), 'app:1'), /^The image config cfg\.json is not a JSON object/);
  // Entries that are not objects are ignored; the rest still reads.
  const odd = await analyzeArchive(streamedTar(await tinyImage({ rootfs: { diff_ids: ['sha256:1'] }, history: [null, 7, { created_by: 'COPY a /a # buildkit' }] })), 'app:1');
  assert.deepEqual(odd.layers.map((layer) => layer.createdBy), ['COPY a /a']);
  const manifestOfNulls = [memberOf('manifest.json', '[null, 1]'), memberOf('index.json', '{"manifests":[null,{"digest":7}]}')];
  await refused(analyzeArchive(streamedTar(manifestOfNulls), 'x'), /index\.json lists no image manifest/);
});
