import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOf, linesOf } from '../../../helpers/lint';

test('curl-and-wget: flags the install of the second tool, pointing at the first, also through parent stages', () => {
  const text = [
    'FROM debian:12 AS base',
    'RUN apt-get update && apt-get install -y --no-install-recommends wget',
    'FROM base',
    'RUN apt-get update && apt-get install -y curl=7.88.1-10 ca-certificates',
  ].join('\n');
  assert.deepEqual(linesOf('curl-and-wget', text), [3]);
  const [finding] = findingsOf('curl-and-wget', text);
  assert.equal(finding.severity, 'info');
  assert.match(finding.message, /^wget \(line 2\) and curl are both installed/);
  assert.deepEqual(linesOf('curl-and-wget', 'FROM alpine:3.20\nRUN apk add --no-cache curl wget\n'), [1]);
});

test('curl-and-wget: silent when the base ships the tools (golang, BusyBox wget) and only their use is seen, unlike hadolint', () => {
  assert.deepEqual(linesOf('curl-and-wget', 'FROM golang:1.22\nRUN wget -q https://example.com/a.tgz && curl -fsSLO https://example.com/b.tgz\n'), []);
  assert.deepEqual(linesOf('curl-and-wget', 'FROM alpine:3.20\nRUN apk add --no-cache curl\nRUN wget -q https://example.com/a.tgz\n'), []);
});

test('curl-and-wget: silent with one tool per stage, across stages, and for words that are not commands', () => {
  const text = [
    'FROM debian:12 AS fetch',
    'RUN wget -q https://example.com/a.tgz',
    'FROM debian:12',
    'RUN curl -fsSL https://example.com/b.tgz -o b.tgz',
    'RUN apt-get install -y wget && echo curl',
  ].join('\n');
  assert.deepEqual(linesOf('curl-and-wget', text), []);
});
