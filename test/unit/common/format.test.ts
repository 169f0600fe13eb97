// The human figures every surface prints: counts agree in number, the context line reads as a sentence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAge, formatBytes, formatCount, formatDuration, formatShare, printable, shareBar, shortId } from '../../../common/format';
import { contextSummary } from '../../../engine/build/record';

test('counts are singular for one and plural otherwise', () => {
  assert.equal(formatCount(1, 'file'), '1 file');
  assert.equal(formatCount(0, 'file'), '0 files');
  assert.equal(formatCount(3, 'more repeated path'), '3 more repeated paths');
  assert.equal(formatCount(2, 'child', 'children'), '2 children');
});

test('the context line says how many files went and how', () => {
  assert.equal(contextSummary({ contextBytes: 38, contextFiles: 1, contextPackMs: 15, contextTransport: 'session' }), '38 B in 1 file, sent in 15 ms (file sync)');
  assert.equal(contextSummary({ contextBytes: 3072, contextFiles: 2, contextPackMs: 169 }), '3.07 kB in 2 files, sent in 169 ms (tar)');
});

test('sizes, ages, shares and bars read the way docker prints them', () => {
  assert.equal(formatBytes(0), '0 B');
  assert.equal(formatBytes(999), '999 B');
  assert.equal(formatBytes(1_500), '1.50 kB');
  assert.equal(formatBytes(12_345_678), '12.3 MB');
  assert.equal(formatBytes(812_000_000), '812 MB');
  assert.equal(formatBytes(-1), '?');
  // Three significant digits at unit boundaries, never "1000 kB" or "100.0 MB".
  assert.equal(formatBytes(99_960_000), '100 MB');
  assert.equal(formatBytes(999_600), '1.00 MB');
  assert.equal(formatBytes(9_996), '10.0 kB');
  assert.equal(formatAge(0, 10), 'unknown age');
  assert.equal(formatAge(1_000, 3_000), 'just now');
  assert.equal(formatAge(0 + 1, 1 + 3 * 3_600_000), '3 hours ago');
  assert.equal(formatAge(1, 1 + 86_400_000), '1 day ago');
  assert.equal(formatShare(1, 3), '33 %');
  assert.equal(formatShare(5, 100), '5.0 %');
  assert.equal(formatShare(1, 10_000), '<0.1 %');
  assert.equal(formatShare(0, 10), '0 %');
  assert.equal(shareBar(1, 2, 4), '██  ');
  assert.equal(shareBar(1, 1_000_000, 4), '▏   ');
  assert.equal(shareBar(0, 10, 3), '   ');
  assert.equal(shortId('sha256:0123456789abcdef0123'), '0123456789ab');
  assert.equal(formatDuration(850), '850 ms');
  assert.equal(formatDuration(3_250), '3.25 s');
  assert.equal(formatDuration(127_000), '2 min 7 s');
  assert.equal(formatDuration(-1), '–');
});


test('printable shows control characters as \\xNN and keeps line breaks and tabs', () => {
  assert.equal(printable('a\x1b]0;pwned\x07b\x1b[2Jc\r\x9bd'), 'a\\x1b]0;pwned\\x07b\\x1b[2Jc\\x0d\\x9bd');
  assert.equal(printable('line one\n\tline two'), 'line one\n\tline two');
  assert.equal(printable('émoji ✓ 日本'), 'émoji ✓ 日本');
});
