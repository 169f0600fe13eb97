import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('workdir-relative: flags a relative WORKDIR with no absolute one before it', () => {
  const text = [
    'FROM golang:1.22 AS build',
    'WORKDIR src/app',
    'FROM alpine:3.20',
    'ARG DIR=app',
    'WORKDIR $DIR',
  ].join('\n');
  expectLinesInEveryForm('workdir-relative', text, [1, 4]);
  const [first] = findingsOf('workdir-relative', text);
  assert.equal(first.severity, 'warning');
  assert.deepEqual(first.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 15 } });
});

test('workdir-relative: silent after an absolute WORKDIR (also in the parent stage) and for unresolved paths', () => {
  const text = [
    'FROM golang:1.22 AS build',
    'WORKDIR /src',
    'WORKDIR app',
    'FROM build AS test',
    'WORKDIR tests',
    'FROM alpine:3.20',
    'WORKDIR $HOME/app',
    'FROM alpine:3.20',
    'ENV APP=/srv/app',
    'WORKDIR ${APP}',
    'WORKDIR data',
    'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022',
    'WORKDIR C:\\\\app',
    'FROM alpine:3.20',
    'WORKDIR "/srv/my app"',
  ].join('\n');
  expectLinesInEveryForm('workdir-relative', text, []);
});
