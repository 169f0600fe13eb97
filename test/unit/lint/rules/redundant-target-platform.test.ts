import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('redundant-target-platform: FROM --platform=$TARGETPLATFORM', () => {
  const text = 'FROM --platform=$TARGETPLATFORM alpine:3.20\nFROM --platform=${TARGETPLATFORM} scratch AS out\n';
  expectLinesInEveryForm('redundant-target-platform', text, [0, 1]);
  const [finding] = findingsOf('redundant-target-platform', text);
  assert.equal(finding.severity, 'info');
  assert.deepEqual(finding.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 31 } });
  expectFixClearsInEveryForm('redundant-target-platform', text);
  assert.deepEqual(expectFixClears('redundant-target-platform', 'FROM --platform=$TARGETPLATFORM alpine:3.20\n'), ['FROM alpine:3.20\n']);
});

test('redundant-target-platform: other platforms are fine', () => {
  expectLinesInEveryForm('redundant-target-platform', 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nFROM --platform=${TARGETPLATFORM:-linux/amd64} alpine\nFROM alpine\n', []);
});
