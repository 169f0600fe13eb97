// What the README's Docker examples may differ in from run to run, and what they may not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sameShape } from '../../../scripts/readme-docker-examples';

const BUILD = [
  'STAGE     INSTRUCTION  LINE  DURATION  CACHED  STEP',
  'internal                       506 ms          load build definition from Dockerfile',
  'builder   FROM            1      0 ms  cached  FROM docker.io/dockscope-test/busybox:1',
  'builder   COPY            3     61 ms          COPY a.txt .',
  'stage-1   RUN             9    574 ms          RUN cat /out.txt',
  'wall 2.80 s · accumulated 2.40 s · cache 2/6 (33 %) · context 63 B in 1 file, sent in 211 ms (file sync)',
  'longest: line 9 574 ms, line 4 493 ms',
  'image sha256:0970633ba59bddac79f15926e8f071c788af92aff1dd176f37ec6e2a79adbc63 (dockscope-example/build:1)',
].join('\n');

test('durations, image IDs, the longest-steps ranking, row order and the merged FROM\'s stage may move', () => {
  const other = BUILD
    .replace('506 ms', '1.02 s').replace('574 ms', '88 ms').replace('2.80 s', '912 ms')
    .replace('0970633ba59bddac79f15926e8f071c788af92aff1dd176f37ec6e2a79adbc63', 'f'.repeat(64))
    .replace('line 9 574 ms, line 4 493 ms', 'line 4 1.2 s, line 9 5 ms')
    .replace('builder   FROM            1', 'stage-1   FROM            7');
  const lines = other.split('\n');
  [lines[3], lines[4]] = [lines[4], lines[3]];
  assert.ok(sameShape(BUILD, lines.join('\n')));
});

test('a changed cache state, size, step, line or count is a real difference', () => {
  for (const [from, to] of [['0 ms  cached', '0 ms        '], ['63 B', '64 B'], ['COPY a.txt .', 'COPY b.txt .'], ['COPY            3', 'COPY            4'], ['cache 2/6', 'cache 3/6']]) {
    assert.ok(!sameShape(BUILD, BUILD.replace(from, to)), `${from} → ${to}`);
  }
});

test('layer sizes and the short ID of a layer\'s copied file are kept; an image\'s short ID is not', () => {
  const layers = 'img:1  388ba38ed416  36.1 MB  8 layers\n0   1.98 MB   5.5%  COPY file:73e2b2d48642 /bin/busybox';
  assert.ok(sameShape(layers, layers.replace('388ba38ed416', '0123456789ab')));
  assert.ok(!sameShape(layers, layers.replace('1.98 MB', '1.99 MB')));
  assert.ok(!sameShape(layers, layers.replace('5.5%', '5.6%')));
});

test('a layer whose copied file changed is a real difference', () => {
  const layer = '0   1.98 MB   5.5%  COPY file:73e2b2d48642 /bin/busybox';
  assert.ok(!sameShape(layer, layer.replace('73e2b2d48642', '0123456789ab')));
});
