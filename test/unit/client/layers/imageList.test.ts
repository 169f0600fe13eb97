import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hiddenCount, imageLabel, matchesFilter, selectImages, type ImageEntry } from '../../../../client/layers/imageList';
import { isSortOrder } from '../../../../common/settings';

function image(id: string, tags: string[], sizeBytes: number, created: number): ImageEntry {
  const hex = id.padEnd(64, '0');
  return { id: `sha256:${hex}`, shortId: hex.slice(0, 12), tags, name: tags[0] ?? `<none> ${hex.slice(0, 12)}`, sizeBytes, created, dangling: tags.length === 0 };
}

const images = [
  image('aa', ['golang:1.22'], 800_000_000, 3_000),
  image('bb', ['app:single', 'app:latest'], 900_000_000, 5_000),
  image('cc', ['app:multi'], 12_000_000, 4_000),
  image('dd', [], 50_000_000, 6_000),
];

test('sorting by size, name and created, dangling hidden by default', () => {
  const labels = (sortBy: 'size' | 'name' | 'created') => selectImages(images, { sortBy, showDangling: false, filter: '' }).map(imageLabel);
  assert.deepEqual(labels('size'), ['app:single', 'golang:1.22', 'app:multi']);
  assert.deepEqual(labels('name'), ['app:multi', 'app:single', 'golang:1.22']);
  assert.deepEqual(labels('created'), ['app:single', 'app:multi', 'golang:1.22']);
});

test('dangling images appear, labelled by short id, when asked for', () => {
  const shown = selectImages(images, { sortBy: 'created', showDangling: true, filter: '' });
  assert.equal(imageLabel(shown[0]), 'dd0000000000');
  assert.equal(shown.length, 4);
});

test('the filter matches any tag, case-insensitively, or an id prefix', () => {
  assert.ok(matchesFilter(images[1], 'LATEST'));
  assert.ok(matchesFilter(images[0], 'sha256:aa00'));
  assert.ok(!matchesFilter(images[0], 'app'));
  const shown = selectImages(images, { sortBy: 'name', showDangling: false, filter: 'app' });
  assert.deepEqual(shown.map(imageLabel), ['app:multi', 'app:single']);
  assert.deepEqual(hiddenCount(images, { sortBy: 'name', showDangling: false, filter: 'app' }), { dangling: 1, filtered: 1 });
});

test('equal keys keep a stable order', () => {
  const twins = [image('ff', ['b:1'], 1, 1), image('ee', ['a:1'], 1, 1)];
  assert.deepEqual(selectImages(twins, { sortBy: 'size', showDangling: false, filter: '' }).map(imageLabel), ['a:1', 'b:1']);
});

test('only known sort orders are accepted from settings', () => {
  assert.ok(isSortOrder('size'));
  assert.ok(!isSortOrder('SIZE'));
  assert.ok(!isSortOrder(undefined));
});
