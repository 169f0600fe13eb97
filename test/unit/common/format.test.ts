// The human figures every surface prints: counts agree in number, the context line reads as a sentence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatCount } from '../../../common/format';
import { contextSummary } from '../../../engine/build/record';

test('counts are singular for one and plural otherwise', () => {
  assert.equal(formatCount(1, 'file'), '1 file');
  assert.equal(formatCount(0, 'file'), '0 files');
  assert.equal(formatCount(3, 'more repeated path'), '3 more repeated paths');
  assert.equal(formatCount(2, 'child', 'children'), '2 children');
});

test('the context line says how many files went and how', () => {
  assert.equal(contextSummary({ contextBytes: 38, contextFiles: 1, contextPackMs: 15, contextTransport: 'session' }), '38 B in 1 file, sent in 15 ms (file sync)');
  assert.equal(contextSummary({ contextBytes: 3072, contextFiles: 2, contextPackMs: 169 }), '3.1 kB in 2 files, sent in 169 ms (tar)');
});
