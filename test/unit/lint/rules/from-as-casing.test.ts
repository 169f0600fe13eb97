import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, findingsOf, linesOf } from '../../../helpers/lint';

test('from-as-casing: AS written in another case than FROM', () => {
  assert.deepEqual(linesOf('from-as-casing', 'FROM scratch AS a\nFROM scratch as base2\nfrom scratch AS base3\nfrom scratch as base4\n'), [1, 2]);
  const [finding] = findingsOf('from-as-casing', 'FROM scratch as base2\n');
  assert.equal(finding.severity, 'info');
  assert.deepEqual(finding.range, { start: { line: 0, character: 13 }, end: { line: 0, character: 15 } });
  assert.match(finding.message, /"as" and "FROM"/);
  assert.deepEqual(expectFixClears('from-as-casing', 'FROM scratch as base2\n'), ['FROM scratch AS base2\n']);
  assert.deepEqual(expectFixClears('from-as-casing', 'from scratch As base\r\n'), ['from scratch as base\r\n']);
});

test('from-as-casing: matching case, mixed-case FROM (another rule) and unnamed stages are fine', () => {
  assert.deepEqual(linesOf('from-as-casing', 'FROM scratch AS a\nfrom scratch as b\nFrom scratch as c\nFROM alpine\n'), []);
});
