// The one-line rebuild reasons as users read them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reasonText, shortReason } from '../../../../../engine/build/why/reasonText';

test('files: up to three named, then how many more; added and removed marked', () => {
  assert.equal(reasonText({ kind: 'files-changed', added: [], removed: [], changed: ['main.go'] }), '1 file changed: main.go');
  assert.equal(reasonText({ kind: 'files-changed', added: ['new.go'], removed: ['old.go'], changed: ['a.go', 'b.go'] }), '4 files changed: a.go, b.go, new.go (added) and 1 more');
});

test('each other kind, with the interface\'s own name for building without the cache', () => {
  assert.equal(reasonText({ kind: 'build-arg', names: ['VERSION'] }), 'build argument VERSION changed');
  assert.equal(reasonText({ kind: 'build-arg', names: ['A', 'B'] }), 'build arguments A, B changed');
  assert.equal(reasonText({ kind: 'parent', line: 6 }), 'after line 6');
  assert.equal(reasonText({ kind: 'base-image', image: 'golang:1.22' }), 'base image golang:1.22 changed');
  assert.equal(reasonText({ kind: 'instruction-changed', before: 'RUN x' }), 'the instruction changed since the last build');
  assert.equal(reasonText({ kind: 'new-step' }), 'new step (not in the last build)');
  assert.equal(reasonText({ kind: 'no-cache' }, '--no-cache'), '--no-cache');
  assert.match(reasonText({ kind: 'cache-pruned' }), /probably pruned/);
});

test('the short form after a line in the editor stays a few words', () => {
  assert.equal(shortReason({ kind: 'files-changed', added: [], removed: [], changed: ['cmd/api/main.go'] }), 'main.go changed');
  assert.equal(shortReason({ kind: 'files-changed', added: ['a'], removed: ['b'], changed: [] }), '2 files changed');
  assert.equal(shortReason({ kind: 'build-arg', names: ['VERSION'] }), 'VERSION changed');
  assert.equal(shortReason({ kind: 'parent', line: 4 }), 'after line 4');
  assert.equal(shortReason({ kind: 'cache-pruned' }), 'cache pruned?');
});
