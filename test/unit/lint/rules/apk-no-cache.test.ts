import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf, linesOf } from '../../../helpers/lint';

test('apk-no-cache: flags apk add without --no-cache, at the add word, in every form', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN apk update && \\',
    '    apk add git \\',
    '      curl',
    'RUN if [ -n "$X" ]; then apk add --virtual .deps gcc; fi',
    'RUN sudo apk -U add tzdata',
  ].join('\n');
  expectLinesInEveryForm('apk-no-cache', text, [2, 4, 5]);
  const [first] = findingsOf('apk-no-cache', text);
  assert.equal(first.severity, 'warning');
  assert.deepEqual(first.range, { start: { line: 2, character: 8 }, end: { line: 2, character: 11 } });
  expectFixClearsInEveryForm('apk-no-cache', text);
  assert.deepEqual(expectFixClears('apk-no-cache', 'FROM alpine:3.20\nRUN apk add git\n'), ['FROM alpine:3.20\nRUN apk add --no-cache git\n']);
});

test('apk-no-cache: heredoc scripts are checked and fixed', () => {
  const text = 'FROM alpine:3.20\nRUN <<EOF\nset -e\napk add curl\nEOF\n';
  assert.deepEqual(linesOf('apk-no-cache', text), [3]);
  assert.deepEqual(expectFixClears('apk-no-cache', text), ['FROM alpine:3.20\nRUN <<EOF\nset -e\napk add --no-cache curl\nEOF\n']);
});

test('apk-no-cache: silent with --no-cache, a cache mount, a later rm of the cache, in builder stages, and for non-commands', () => {
  const text = [
    'FROM alpine:3.20 AS build',
    'RUN apk add gcc musl-dev',
    'FROM alpine:3.20',
    'RUN apk --no-cache add git',
    'RUN apk add --no-cache ca-certificates',
    'RUN apk add --no-network --virtual .rundeps $runDeps',
    'RUN --mount=type=cache,target=/var/cache/apk apk add curl',
    'RUN --mount=type=cache,target=/etc/apk/cache,sharing=locked apk add curl',
    'RUN --mount=type=tmpfs,target=/var/cache/apk apk add curl',
    'RUN apk add curl && rm -rf /var/cache/apk/*',
    'RUN echo "apk add curl" && grep "apk add" /etc/x',
    'RUN apk info curl',
    'RUN ["apk", "add", "curl"]',
  ].join('\n');
  expectLinesInEveryForm('apk-no-cache', text, []);
});

test('apk-no-cache: ONBUILD RUN fills the image built FROM this one, even from a builder stage', () => {
  const text = 'FROM alpine:3.20 AS base\nONBUILD RUN apk add git\nFROM alpine:3.20\nRUN true\n';
  expectLinesInEveryForm('apk-no-cache', text, [1]);
  assert.deepEqual(expectFixClears('apk-no-cache', 'FROM alpine:3.20\nONBUILD RUN apk add git\n'), ['FROM alpine:3.20\nONBUILD RUN apk add --no-cache git\n']);
});
