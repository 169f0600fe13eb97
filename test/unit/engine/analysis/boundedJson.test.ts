// The shape check before JSON.parse: brackets inside strings (escaped quotes included) do not
// count, real documents pass unchanged, and each limit names the member.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JSON_LIMITS, oversizedDocument, parseBoundedJson } from '../../../../engine/analysis/boundedJson';

test('brackets inside strings are text, escaped quotes do not end a string', () => {
  const tricky = { a: '[[[[{{{{'.repeat(100), b: 'say \\"[[[\\" and \\\\', c: [[{ d: '"]]]' }]] };
  assert.deepEqual(parseBoundedJson(Buffer.from(JSON.stringify(tricky)), 'cfg.json'), tricky);
  const deepButQuoted = JSON.stringify({ label: '['.repeat(JSON_LIMITS.depth * 10) });
  assert.doesNotThrow(() => parseBoundedJson(Buffer.from(deepButQuoted), 'cfg.json'));
});

test('depth, object count and size limits name the member; invalid JSON stays a SyntaxError', () => {
  const deep = `${'['.repeat(JSON_LIMITS.depth + 1)}${']'.repeat(JSON_LIMITS.depth + 1)}`;
  assert.throws(() => parseBoundedJson(Buffer.from(deep), 'blobs/sha256/ab'), /^DockerError: blobs\/sha256\/ab nests deeper than 64 levels/);
  assert.doesNotThrow(() => parseBoundedJson(Buffer.from(deep.slice(1, -1)), 'x'));
  assert.throws(() => parseBoundedJson(Buffer.from(`[${'[],'.repeat(JSON_LIMITS.containers)}[]]`), 'index.json'), /index\.json holds more than 100,000 objects and arrays/);
  assert.equal(oversizedDocument('m.json', JSON_LIMITS.documentBytes), undefined);
  assert.match(oversizedDocument('m.json', JSON_LIMITS.documentBytes + 1) ?? '', /^m\.json is 4\.0 MiB, over the 4 MiB/);
  assert.throws(() => parseBoundedJson(Buffer.from('{"a": "unterminated'), 'x'), SyntaxError);
});
