import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildLayerRows, metadataSummary, oneLine, type ImageLayers, type LayerEntry } from '../../../../client/layers/layerRows';

function layer(index: number, createdBy: string, sizeBytes: number, fromBase = false): LayerEntry {
  const empty = sizeBytes === 0 && !createdBy.startsWith('RUN');
  return {
    index, digest: empty ? null : `sha256:${String(index).padStart(64, '0')}`, sizeBytes, share: sizeBytes / 1000,
    createdBy, rawCreatedBy: createdBy, instruction: createdBy.split(' ')[0], empty, created: 0, comment: '', fromBase,
  };
}

function imageOf(layers: LayerEntry[], baseName?: string): ImageLayers {
  const image: ImageLayers = { ref: 'app:1', id: 'sha256:1', tags: ['app:1'], sizeBytes: 1000, created: 0, os: 'linux', architecture: 'amd64', layers };
  if (baseName) image.base = { id: 'sha256:2', name: baseName, historyCount: layers.filter((l) => l.fromBase).length, sizeBytes: 600 };
  return image;
}

test('base layers fold into one row with their total; own layers follow in build order', () => {
  const rows = buildLayerRows(imageOf([
    layer(0, 'ADD file:abc /', 500, true),
    layer(1, 'CMD ["/bin/sh"]', 0, true),
    layer(2, 'RUN make', 400),
    layer(3, 'COPY app /app', 100),
  ], 'alpine:3.20'));
  assert.equal(rows.length, 3);
  assert.deepEqual(rows[0].kind === 'base' && { ref: rows[0].ref, count: rows[0].layers.length, size: rows[0].sizeBytes }, { ref: 'alpine:3.20', count: 2, size: 500 });
  assert.deepEqual(rows.slice(1).map((row) => row.kind === 'layer' && row.layer.index), [2, 3]);
});

test('three or more consecutive metadata steps fold together; fewer stay in place, dimmed by the view', () => {
  const rows = buildLayerRows(imageOf([
    layer(0, 'COPY a /a', 10),
    layer(1, 'ENV A=1', 0),
    layer(2, 'ENV B=2', 0),
    layer(3, 'RUN make', 50),
    layer(4, 'EXPOSE 80', 0),
    layer(5, 'USER app', 0),
    layer(6, 'CMD ["/app"]', 0),
  ]));
  assert.deepEqual(rows.map((row) => row.kind), ['layer', 'layer', 'layer', 'layer', 'metadata']);
  const folded = rows[4];
  assert.ok(folded.kind === 'metadata');
  assert.equal(metadataSummary(folded.layers), '3 metadata steps (EXPOSE, USER, CMD)');
});

test('an image without a known base has no base row', () => {
  assert.deepEqual(buildLayerRows(imageOf([layer(0, 'COPY a /a', 10)])).map((row) => row.kind), ['layer']);
});

test('long instructions become one bounded line', () => {
  assert.equal(oneLine('RUN a \\\n    && b'), 'RUN a \\ && b');
  assert.equal(oneLine('x'.repeat(300), 10).length, 10);
});
