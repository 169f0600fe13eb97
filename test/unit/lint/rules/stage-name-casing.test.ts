import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('stage-name-casing: a stage name with upper-case letters', () => {
  const text = 'FROM golang:1.22 AS BadStageName\nRUN go version\nFROM scratch AS Runtime\nCOPY --from=badstagename /go /go\n';
  expectLinesInEveryForm('stage-name-casing', text, [0, 2]);
  const [first] = findingsOf('stage-name-casing', text);
  assert.equal(first.severity, 'info');
  assert.deepEqual(first.range, { start: { line: 0, character: 20 }, end: { line: 0, character: 32 } });
  assert.match(first.message, /"badstagename"/);
  expectFixClearsInEveryForm('stage-name-casing', text);
  assert.deepEqual(expectFixClears('stage-name-casing', 'FROM alpine AS Build\n'), ['FROM alpine AS build\n']);
});

test('stage-name-casing: lower-case names and unnamed stages are fine', () => {
  expectLinesInEveryForm('stage-name-casing', 'FROM golang:1.22 AS build-2\nFROM Alpine\nFROM scratch AS base3\n', []);
});
