// A known image for the layer-analysis tests: every kind of change a layer can make, with the
// exact figures the analysis must find. Built with the classic builder FROM the busybox image.
import assert from 'node:assert/strict';
import type Docker from 'dockerode';
import type { ImageAnalysis } from '../../engine/analysis/index';
import { BUSYBOX_IMAGE, buildImage, ensureBusyboxImage } from './docker';

const SPARSE_BYTES = 32 * 1024 * 1024;

export const FIXTURE_DOCKERFILE = [
  `FROM ${BUSYBOX_IMAGE}`,
  // A: adds files, one hard link.
  'RUN mkdir -p /data/dir /keep && head -c 300000 /dev/zero > /data/big && echo hello > /keep/a.txt && head -c 5000 /dev/zero > /data/dir/x && head -c 7000 /dev/zero > /data/dir/y && head -c 1000 /dev/zero > /keep/orig && ln /keep/orig /keep/zhard',
  // B: overwrites two files.
  'RUN head -c 200000 /dev/zero > /data/big && echo changed > /keep/a.txt',
  // C: deletes a directory and a file (whiteouts).
  'RUN rm -rf /data/dir && rm /keep/orig',
  // D: removes and recreates a directory (an opaque directory on overlay2).
  'RUN rm -rf /keep && mkdir /keep && echo new > /keep/n',
  'ENV FIXTURE=1',
  // E: a file from the build context.
  'COPY payload.bin /copied/payload.bin',
  // F: a large sparse file (32 MiB apparent, nothing on disk).
  `RUN truncate -s ${SPARSE_BYTES} /sparse`,
  '',
].join('\n');

export async function buildLayersFixture(docker: Docker, tag: string): Promise<string> {
  await ensureBusyboxImage(docker);
  return buildImage(docker, { Dockerfile: FIXTURE_DOCKERFILE, 'payload.bin': Buffer.alloc(10000, 7) }, tag);
}

const BUSYBOX_LAYERS = 4; // COPY busybox, RUN --install, ENV PATH, CMD
/** History entry indexes of the fixture's own instructions. */
export const AT = { A: BUSYBOX_LAYERS, B: BUSYBOX_LAYERS + 1, C: BUSYBOX_LAYERS + 2, D: BUSYBOX_LAYERS + 3, ENV: BUSYBOX_LAYERS + 4, E: BUSYBOX_LAYERS + 5, F: BUSYBOX_LAYERS + 6 };

export const EXPECTED_SIZES = {
  A: 300000 + 6 + 5000 + 7000 + 1000, // the hard link adds nothing
  B: 200000 + 8,
  C: 0,
  D: 4,
  E: 10000,
  F: SPARSE_BYTES,
};

/** Σ min / Σ cumulative over repeated paths: /data/big, /keep/a.txt, /data/dir/{x,y}, /keep/orig, /keep/zhard. */
export const EXPECTED_WASTED = 300000 + 14 + 5000 + 7000 + 1000;
export const EXPECTED_EFFICIENCY = 200000 / (500000 + 14 + 5000 + 7000 + 1000 + 0);

/** The same assertions whether the analysis read the daemon's stream, a legacy or an OCI archive. */
export function assertFixtureAnalysis(analysis: ImageAnalysis): void {
  const layer = (key: keyof typeof AT) => analysis.layers[AT[key]];
  assert.equal(analysis.layers.length, BUSYBOX_LAYERS + 7);
  assert.deepEqual(analysis.layers.map((l) => l.empty), [false, false, true, true, false, false, false, false, true, false, false]);
  for (const key of ['A', 'B', 'C', 'D', 'E', 'F'] as const) assert.equal(layer(key).sizeBytes, EXPECTED_SIZES[key], `size of layer ${key}`);
  assert.equal(layer('A').createdBy, `RUN ${FIXTURE_DOCKERFILE.split('\n')[1].slice(4)}`);
  assert.equal(layer('C').createdBy, 'RUN rm -rf /data/dir && rm /keep/orig');
  assert.equal(layer('ENV').createdBy, 'ENV FIXTURE=1');
  assert.match(layer('E').createdBy, /^COPY file:[0-9a-f]{12} \/copied\/payload\.bin$/);
  assert.equal(layer('F').createdBy, `RUN truncate -s ${SPARSE_BYTES} /sparse`);

  assert.deepEqual(counts(analysis, 'A'), { added: 6, modified: 0, removed: 0 });
  assert.deepEqual(counts(analysis, 'B'), { added: 0, modified: 2, removed: 0 });
  assert.deepEqual(counts(analysis, 'C'), { added: 0, modified: 0, removed: 3 });
  assert.deepEqual(counts(analysis, 'D'), { added: 1, modified: 0, removed: 2 });
  assert.deepEqual(counts(analysis, 'E'), { added: 1, modified: 0, removed: 0 });
  assert.deepEqual(counts(analysis, 'F'), { added: 1, modified: 0, removed: 0 });
  assert.equal(layer('C').removedBytes, 13000);
  assert.deepEqual(layer('C').removedPaths.map((p) => [p.path, p.sizeBytes, p.fileCount]).sort(), [['/data/dir', 12000, 2], ['/keep/orig', 1000, 1]]);
  assert.equal(layer('D').removedBytes, 8);
  assert.deepEqual(layer('B').largestFiles.map((f) => [f.path, f.sizeBytes, f.change]), [['/data/big', 200000, 'modified'], ['/keep/a.txt', 8, 'modified']]);
  assert.deepEqual(layer('F').largestFiles, [{ path: '/sparse', sizeBytes: SPARSE_BYTES, change: 'added' }]);

  assert.equal(analysis.wastedBytes, EXPECTED_WASTED);
  assert.ok(Math.abs(analysis.efficiency - EXPECTED_EFFICIENCY) < 1e-12, `efficiency ${analysis.efficiency}`);
  const userBytes = analysis.sizeBytes - analysis.layers[0].sizeBytes;
  assert.ok(Math.abs(analysis.userWastedPercent - EXPECTED_WASTED / userBytes) < 1e-12);
  assert.deepEqual(analysis.wasted.map((w) => [w.path, w.count, w.cumulativeBytes, w.wastedBytes]), [
    ['/data/big', 2, 500000, 300000],
    ['/data/dir/y', 2, 7000, 7000],
    ['/data/dir/x', 2, 5000, 5000],
    ['/keep/orig', 2, 1000, 1000],
    ['/keep/a.txt', 3, 14, 14],
  ]);
  assert.deepEqual(analysis.wasted[0].layers, [{ index: AT.A, sizeBytes: 300000 }, { index: AT.B, sizeBytes: 200000 }]);
  assert.deepEqual(analysis.wasted[4].layers, [{ index: AT.A, sizeBytes: 6 }, { index: AT.B, sizeBytes: 8 }, { index: AT.D, sizeBytes: 0 }]);
}

function counts(analysis: ImageAnalysis, key: keyof typeof AT) {
  const { added, modified, removed } = analysis.layers[AT[key]];
  return { added, modified, removed };
}
