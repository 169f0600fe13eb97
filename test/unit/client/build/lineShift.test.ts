// Inline figures follow edits: cleared on the edited line, moved below it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shiftForEdits } from '../../../../client/build/lineShift';

const figures = new Map([[0, 'FROM'], [2, 'RUN'], [5, 'COPY']]);

test('typing on a line clears only that line\'s figure', () => {
  assert.deepEqual([...shiftForEdits(figures, [{ startLine: 2, endLine: 2, text: 'x' }])], [[0, 'FROM'], [5, 'COPY']]);
});

test('inserting lines above moves the figures below; deleting lines moves them up', () => {
  assert.deepEqual([...shiftForEdits(figures, [{ startLine: 1, endLine: 1, text: '\n\n' }])], [[0, 'FROM'], [4, 'RUN'], [7, 'COPY']]);
  assert.deepEqual([...shiftForEdits(figures, [{ startLine: 3, endLine: 4, text: '' }])], [[0, 'FROM'], [2, 'RUN'], [4, 'COPY']]);
});

test('several changes in one event (multi-cursor) are applied against the original lines', () => {
  const result = shiftForEdits(figures, [{ startLine: 1, endLine: 1, text: '\n' }, { startLine: 4, endLine: 4, text: '\n\n' }]);
  assert.deepEqual([...result].sort((a, b) => a[0] - b[0]), [[0, 'FROM'], [3, 'RUN'], [8, 'COPY']]);
});
