import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('invalid-default-arg-in-from: the ARG defaults make an empty or invalid image name', () => {
  const text = 'ARG VERSION\nARG IMAGE\nARG SFX="box:"\nFROM busybox:$VERSION\nFROM $IMAGE\nFROM busy${SFX}\nFROM ${UNDECLARED}\n';
  expectLinesInEveryForm('invalid-default-arg-in-from', text, [3, 4, 5, 6]);
  const [version, image] = findingsOf('invalid-default-arg-in-from', text);
  assert.equal(version.severity, 'warning');
  assert.deepEqual(version.range, { start: { line: 3, character: 5 }, end: { line: 3, character: 21 } });
  assert.match(version.message, /"busybox:", not a valid image reference/);
  assert.match(image.message, /is empty/);
});

test('invalid-default-arg-in-from: defaults that name an image, platform ARGs and plain images are fine', () => {
  const text = [
    'ARG VERSION="latest"',
    'ARG VARIANT=""',
    'ARG SUFFIX',
    'ARG REGISTRY=localhost:5000',
    'ARG BASE=${REGISTRY}/team/base',
    'FROM busybox:${VERSION}',
    'FROM busybox:stable${VARIANT}',
    'FROM busybox:stable${SUFFIX}',
    'FROM ${BASE}:1.0',
    'FROM golang:1.22-${TARGETOS}',
    'FROM ${MISSING:-alpine:3.20}',
    'FROM alpine',
  ].join('\n');
  expectLinesInEveryForm('invalid-default-arg-in-from', text, []);
});

test('invalid-default-arg-in-from: a default built with a pattern substitution we do not evaluate is not judged', () => {
  const text = 'ARG GO_VERSION=1.22\nARG DASHES=${TARGETPLATFORM/\\//-}\nARG NOTATION=${DASHES/arm\\/v7/arm-7}\nFROM example/build:${GO_VERSION}-${NOTATION} AS builder\nRUN true\n';
  assert.deepEqual(findingsOf('invalid-default-arg-in-from', text), []);
});
