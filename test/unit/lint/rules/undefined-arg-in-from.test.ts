import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('undefined-arg-in-from: variables in FROM that no global ARG declares', () => {
  const text = 'ARG GO=1.22\nFROM golang:${GO}-${VARIANT} AS build\nARG LATE=x\nFROM alpine:$LATE\nFROM --platform=$PLATFORM alpine:3.20\n';
  expectLinesInEveryForm('undefined-arg-in-from', text, [1, 3, 4]);
  const [variant] = findingsOf('undefined-arg-in-from', text);
  assert.deepEqual(variant.range, { start: { line: 1, character: 18 }, end: { line: 1, character: 28 } });
  assert.match(variant.message, /VARIANT is not declared/);
});

test('undefined-arg-in-from: declared global ARGs, automatic platform ARGs and defaults are fine', () => {
  const text = 'ARG GO=1.22\nARG BASE\nFROM --platform=$BUILDPLATFORM golang:${GO} AS build\nFROM ${BASE:-alpine:3.20}\nFROM ${RUNTIME:-scratch}\nFROM golang:$TARGETARCH\n';
  expectLinesInEveryForm('undefined-arg-in-from', text, []);
});
