import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf, linesOf } from '../../../helpers/lint';

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

test('workdir-relative: Windows absolute paths, quoted or not, are absolute', () => {
  for (const path of ["'C:\\'", 'C:\\app', '"C:\\app"', 'c:/x', 'C:', '\\\\server\\share\\app']) {
    const text = `FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR ${path}\nWORKDIR sub\n`;
    assert.deepEqual(linesOf('workdir-relative', text), [], path);
  }
  const backtick = '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nWORKDIR C:\\app\nWORKDIR logs\n';
  assert.deepEqual(linesOf('workdir-relative', backtick), []);
  assert.deepEqual(linesOf('workdir-relative', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR app\n'), [1]);
  // With the default escape, a trailing \ continues the line: `syntax` reports that one.
  assert.deepEqual(linesOf('syntax', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR D:\\\nWORKDIR sub\n'), [1]);
});
