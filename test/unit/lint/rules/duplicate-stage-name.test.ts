import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('duplicate-stage-name: a second stage with the same name (any case) is an error', () => {
  const text = 'FROM golang:1.22 AS build\nRUN go build\nFROM golang:1.22 AS Build\nFROM alpine:3.20 AS build\n';
  expectLinesInEveryForm('duplicate-stage-name', text, [2, 3]);
  const [finding] = findingsOf('duplicate-stage-name', text);
  assert.deepEqual(finding.range, { start: { line: 2, character: 20 }, end: { line: 2, character: 25 } });
  assert.equal(finding.related?.[0].range.start.line, 0);
  assert.equal(finding.severity, 'error');
});

test('duplicate-stage-name: distinct and unnamed stages are fine', () => {
  expectLinesInEveryForm('duplicate-stage-name', 'FROM a:1 AS build\nFROM a:1 AS test\nFROM a:1\nFROM a:1\n', []);
});
