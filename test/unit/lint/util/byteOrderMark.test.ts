import assert from 'node:assert/strict';
import { test } from 'node:test';
import { afterByteOrderMark, hasByteOrderMark, keepByteOrderMark } from '../../../../lint/util/byteOrderMark';
import { lazyFix } from '../../../../lint/util/lazyFix';

const at = (line: number, character: number) => ({ line, character });

test('an edit at the very start goes after the mark; others, and one bringing the mark, stay', () => {
  assert.equal(hasByteOrderMark('\uFEFFFROM a'), true);
  assert.equal(hasByteOrderMark('FROM a\uFEFF'), false);
  assert.deepEqual(afterByteOrderMark({ range: { start: at(0, 0), end: at(0, 0) }, newText: '# x\n' }),
    { range: { start: at(0, 1), end: at(0, 1) }, newText: '# x\n' });
  assert.deepEqual(afterByteOrderMark({ range: { start: at(0, 0), end: at(1, 0) }, newText: '' }),
    { range: { start: at(0, 1), end: at(1, 0) }, newText: '' });
  const elsewhere = { range: { start: at(0, 1), end: at(0, 5) }, newText: 'FROM' };
  assert.equal(afterByteOrderMark(elsewhere), elsewhere);
  const bringsMark = { range: { start: at(0, 0), end: at(3, 0) }, newText: '\uFEFFFROM b\n' };
  assert.equal(afterByteOrderMark(bringsMark), bringsMark);
});

test('fixes keep their edits after the mark, and a lazy fix is not built until read', () => {
  let built = 0;
  const lazy = lazyFix({ title: 'lazy' }, 'edits', () => {
    built++;
    return [{ range: { start: at(0, 0), end: at(0, 0) }, newText: 'x' }];
  });
  const plain = { title: 'plain', edits: [{ range: { start: at(0, 0), end: at(0, 4) }, newText: 'FROM' }] };
  keepByteOrderMark([lazy, plain]);
  assert.equal(built, 0);
  assert.deepEqual(lazy.edits[0].range, { start: at(0, 1), end: at(0, 1) });
  assert.equal(lazy.edits, lazy.edits, 'computed once');
  assert.equal(built, 1);
  assert.deepEqual(plain.edits[0].range, { start: at(0, 1), end: at(0, 4) });
});
