import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOf, linesOf } from '../../../helpers/lint';

test('wget-progress: flags wget with no output control, ONBUILD triggers and sudo wget too', () => {
  const text = [
    'FROM debian:12',
    'RUN wget https://example.com/a.tgz',
    'RUN sudo wget -O /tmp/b.tgz https://example.com/b.tgz',
    'ONBUILD RUN wget https://example.com/c.tgz',
  ].join('\n');
  assert.deepEqual(linesOf('wget-progress', text), [1, 2, 3]);
  const [first] = findingsOf('wget-progress', text);
  assert.equal(first.severity, 'info');
  assert.match(first.message, /without -q, -nv, --progress/);
});

test('wget-progress: silent with -q (also in a cluster), -nv, --progress, a log file, and for non-commands', () => {
  const text = [
    'FROM debian:12',
    'RUN wget -q https://example.com/a && wget -qO- https://example.com/b | sh',
    'RUN wget --no-verbose https://example.com/c && wget --progress=dot:giga https://example.com/d',
    'RUN wget -o /tmp/log https://example.com/e && wget --append-output=/tmp/log https://example.com/f',
    'RUN echo wget',
  ].join('\n');
  assert.deepEqual(linesOf('wget-progress', text), []);
});

test('wget-progress: BusyBox wget (Alpine) prints no dots without a terminal, unless GNU wget is installed', () => {
  assert.deepEqual(linesOf('wget-progress', 'FROM alpine:3.20\nRUN wget -O /x.tgz https://example.com/x.tgz\n'), []);
  assert.deepEqual(linesOf('wget-progress', 'FROM alpine:3.20\nRUN apk add --no-cache wget\nRUN wget -O /x.tgz https://example.com/x.tgz\n'), [2]);
});
