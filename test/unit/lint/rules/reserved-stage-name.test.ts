import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('reserved-stage-name: stages named scratch or context', () => {
  const text = 'FROM scratch AS scratch\nFROM alpine AS Context\n';
  expectLinesInEveryForm('reserved-stage-name', text, [0, 1]);
  const [scratch, context] = findingsOf('reserved-stage-name', text);
  assert.equal(scratch.severity, 'warning');
  assert.deepEqual(scratch.range, { start: { line: 0, character: 16 }, end: { line: 0, character: 23 } });
  assert.match(context.message, /reserved for the build context/);
});

test('reserved-stage-name: FROM scratch without a name, and other names, are fine', () => {
  expectLinesInEveryForm('reserved-stage-name', 'FROM scratch\nFROM scratch AS a\nFROM alpine AS constructor\n', []);
});
