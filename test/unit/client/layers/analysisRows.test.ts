import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ImageAnalysis, LayerAnalysis, TreeNode } from '../../../../engine/analysis';
import { imageSummaryRows, layerRows, MAX_CHILDREN, treeRows } from '../../../../client/layers/analysisRows';

function file(name: string, path: string, sizeBytes: number, change?: 'added' | 'modified' | 'removed'): TreeNode {
  return { name, path, sizeBytes, fileCount: 1, kind: 'file', change };
}

const tree: TreeNode = {
  name: '/', path: '/', sizeBytes: 3_000_000, fileCount: 3, kind: 'directory', children: [
    { name: 'data', path: '/data', sizeBytes: 2_000_000, fileCount: 2, kind: 'directory', children: [file('big', '/data/big', 1_500_000, 'modified'), file('small', '/data/small', 500_000, 'added')] },
    file('app', '/app', 1_000_000, 'added'),
    { name: 'tmp', path: '/tmp', sizeBytes: 0, fileCount: 0, kind: 'other', change: 'removed', removedBytes: 4_000 },
  ],
};

function layer(index: number, overrides: Partial<LayerAnalysis> = {}): LayerAnalysis {
  return {
    index, digest: `sha256:${index}`, createdBy: 'RUN x', rawCreatedBy: '/bin/sh -c x', instruction: 'RUN', empty: false,
    sizeBytes: 3_000_000, share: 1, added: 2, modified: 1, removed: 1, addedBytes: 1_500_000, modifiedBytes: 1_500_000, removedBytes: 4_000,
    removedPaths: [{ path: '/tmp', sizeBytes: 4_000, fileCount: 2, opaque: false }],
    largestFiles: [{ path: '/data/big', sizeBytes: 1_500_000, change: 'modified' }],
    largestFolders: [{ path: '/data', sizeBytes: 2_000_000, fileCount: 2 }],
    tree, ...overrides,
  };
}

const analysis: ImageAnalysis = {
  ref: 'app:1', id: 'sha256:1', repoTags: ['app:1'], sizeBytes: 4_500_000, layers: [layer(0), layer(1, { empty: true })],
  efficiency: 0.8, efficiencyAllPaths: 0.9, wastedBytes: 1_500_000, userWastedPercent: 0.5,
  wasted: [{ path: '/data/big', count: 2, cumulativeBytes: 3_000_000, wastedBytes: 1_500_000, layers: [{ index: 0, sizeBytes: 1_500_000 }, { index: 2, sizeBytes: 1_500_000 }] }],
  wastedPathCount: 3, bytesRead: 5_000_000,
};

test('the image gets an efficiency row and the wasted paths with the layers that wrote them', () => {
  const [efficiency, wasted] = imageSummaryRows(analysis);
  assert.equal(efficiency.label, 'Efficiency 80.0 %');
  assert.equal(efficiency.description, '1.50 MB wasted (50.0 % of the layers above the first)');
  assert.equal(efficiency.icon, 'warning');
  assert.equal(wasted.label, 'Wasted space: 3 repeated paths');
  const offenders = wasted.children!();
  assert.deepEqual(offenders.map((row) => [row.label, row.description]), [
    ['/data/big', '1.50 MB wasted · 2 layers (0, 2)'],
    ['… 2 more repeated paths', undefined],
  ]);
});

test('an analysed layer lists its changes, largest files and folders, removals and a file tree', () => {
  const rows = layerRows(layer(0));
  assert.deepEqual(rows.map((row) => row.label), ['+2 added · ~1 modified · −1 removed', 'Largest files', 'Largest folders', 'Removed', 'Files']);
  assert.equal(rows[1].children!()[0].description, '1.50 MB · modified');
  assert.equal(rows[3].children!()[0].description, 'hides 4.00 kB in 2 files');
  const top = rows[4].children!();
  assert.deepEqual(top.map((row) => [row.label, row.description, row.icon]), [
    ['data', '2.00 MB · 2 files · 67 %', 'folder'],
    ['app', '1.00 MB · added', 'diff-added'],
    ['tmp', 'hides 4.00 kB · removed', 'diff-removed'],
  ]);
  assert.deepEqual(top[0].children!().map((row) => row.label), ['big', 'small']);
  assert.equal(top[1].children, undefined);
  assert.deepEqual(layerRows(layer(1, { empty: true })), []);
});

test('huge directories are cut with a row that says what is left', () => {
  const children = Array.from({ length: MAX_CHILDREN + 5 }, (_, i) => file(`f${i}`, `/f${i}`, 10));
  const rows = treeRows({ name: '/', path: '/', sizeBytes: 1050, fileCount: children.length, kind: 'directory', children }, 1050);
  assert.equal(rows.length, MAX_CHILDREN + 1);
  assert.deepEqual([rows[MAX_CHILDREN].label, rows[MAX_CHILDREN].description], ['… 5 more', '50 B']);
});
