import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('base-image-unpinned: no tag or :latest, also after ARG resolution', () => {
  const text = 'ARG BASE=node\nFROM golang AS build\nFROM alpine:latest\nFROM ${BASE}\nFROM ghcr.io/acme/tool\nFROM localhost:5000/app\n';
  expectLinesInEveryForm('base-image-unpinned', text, [1, 2, 3, 4, 5]);
  const findings = findingsOf('base-image-unpinned', text);
  assert.deepEqual(findings[0].range, { start: { line: 1, character: 5 }, end: { line: 1, character: 11 } });
  assert.match(findings[2].message, /\$\{BASE\} \(node\) has no tag/);
});

test('base-image-unpinned: tags, digests, scratch, stage names and unresolved images are fine', () => {
  const text = [
    'ARG TAG', 'FROM golang:1.22 AS build', 'FROM build AS test', 'FROM scratch',
    'FROM alpine@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    'FROM node:${TAG}', 'FROM localhost:5000/app:1.0',
  ].join('\n');
  expectLinesInEveryForm('base-image-unpinned', text, []);
});
