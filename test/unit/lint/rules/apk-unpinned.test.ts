import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOf, linesOf } from '../../../helpers/lint';

const on = { settings: { rules: { 'apk-unpinned': 'info' as const } } };

test('apk-unpinned: off by default', () => {
  assert.deepEqual(linesOf('apk-unpinned', 'FROM alpine:3.20\nRUN apk add --no-cache curl\n'), []);
});

test('apk-unpinned: flags each package without a constraint, ONBUILD triggers too', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN apk add --no-cache --virtual .deps tzdata git=2.45.2-r0',
    'ONBUILD RUN apk add make',
  ].join('\n');
  assert.deepEqual(linesOf('apk-unpinned', text, on), [1, 2]);
  const [first] = findingsOf('apk-unpinned', text, on);
  assert.equal(first.severity, 'info');
  assert.match(first.message, /apk add tzdata without a version/);
});

test('apk-unpinned: silent for =, ~, range constraints, local .apk files, variables and repositories', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN apk add --no-cache -X https://dl-cdn.alpinelinux.org/alpine/edge/testing git~2.45 "curl>=8" ./tool-1.0.apk $EXTRA',
    'RUN apk del curl',
  ].join('\n');
  assert.deepEqual(linesOf('apk-unpinned', text, on), []);
});
