import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOf, linesOf } from '../../../helpers/lint';

test('curl-and-wget: flags the first use of the second tool in a stage, pointing at the first', () => {
  const text = [
    'FROM debian:12',
    'RUN wget -q https://example.com/a.tgz',
    'RUN curl -fsSL https://example.com/b.tgz -o b.tgz && wget -q https://example.com/c.tgz',
    'RUN curl -fsSL https://example.com/d.tgz -o d.tgz',
  ].join('\n');
  assert.deepEqual(linesOf('curl-and-wget', text), [2]);
  const [finding] = findingsOf('curl-and-wget', text);
  assert.equal(finding.severity, 'info');
  assert.match(finding.message, /both wget \(line 2\) and curl/);
  assert.deepEqual(linesOf('curl-and-wget', 'FROM alpine\nRUN wget -qO- https://example.com | sh && sudo curl -O https://example.com/x\n'), [1]);
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
