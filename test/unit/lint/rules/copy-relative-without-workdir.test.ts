import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('copy-relative-without-workdir: COPY/ADD to a relative path in a stage that never set a WORKDIR', () => {
  const text = [
    'FROM debian:12 AS tools',
    'WORKDIR /tools',
    'FROM debian:12',
    'COPY run.sh bin/run.sh',
    'ADD ["app.tgz", "app/"]',
    'COPY --from=tools . "opt/tools"',
  ].join('\n');
  expectLinesInEveryForm('copy-relative-without-workdir', text, [3, 4, 5]);
  const [first] = findingsOf('copy-relative-without-workdir', text);
  assert.equal(first.severity, 'info');
  assert.deepEqual(first.range, { start: { line: 3, character: 12 }, end: { line: 3, character: 22 } });
  assert.match(first.message, /lands in \/, the WORKDIR of debian:12/);
});

test('copy-relative-without-workdir: an image we cannot see is named as such, without a fix', () => {
  const [finding] = findingsOf('copy-relative-without-workdir', 'FROM registry.example.com/base:1\nCOPY app.jar app.jar\n');
  assert.match(finding.message, /WORKDIR of registry\.example\.com\/base:1, which this Dockerfile does not show/);
  assert.equal(finding.fixes, undefined);
});

test('copy-relative-without-workdir: silent with a WORKDIR (also inherited), absolute or variable destinations', () => {
  const text = [
    'FROM debian:12 AS base',
    'WORKDIR /srv',
    'COPY a b',
    'FROM base AS child',
    'COPY a b',
    'FROM child',
    'COPY a ./',
    'FROM debian:12',
    'COPY a /usr/local/bin/a',
    'COPY a "/opt/a"',
    'COPY a c:\\app\\a',
    'COPY a d:/app/a',
    'COPY a $TARGET_DIR',
    'ENV DEST=/opt/dest',
    'COPY a ${DEST}',
    'FROM debian:12',
    'ONBUILD WORKDIR /app',
    'ONBUILD COPY . .',
    'FROM debian:12',
    'ONBUILD COPY . .',
    'WORKDIR /later',
    'FROM debian:12 AS trig',
    'ONBUILD WORKDIR /w',
    'FROM trig',
    'COPY a b',
  ].join('\n');
  expectLinesInEveryForm('copy-relative-without-workdir', text.replace('c:\\app\\a', 'c:/app/a'), []);
  expectLinesInEveryForm('copy-relative-without-workdir', 'FROM debian:12\nCOPY a c:\\app\\a\nCOPY a "d:\\x"\n', []);
});

test('copy-relative-without-workdir: ONBUILD COPY with no WORKDIR anywhere in the image is reported on its line', () => {
  const text = 'FROM debian:12\nONBUILD COPY . app/\n';
  expectLinesInEveryForm('copy-relative-without-workdir', text, [1]);
  assert.equal(findingsOf('copy-relative-without-workdir', text)[0].fixes, undefined);
});

test('copy-relative-without-workdir: the fix writes the destination where it lands today', () => {
  const text = 'FROM debian:12\nCOPY run.sh bin/run.sh\nCOPY a .\nCOPY b "conf/"\n';
  assert.deepEqual(expectFixClears('copy-relative-without-workdir', text), [
    'FROM debian:12\nCOPY run.sh /bin/run.sh\nCOPY a .\nCOPY b "conf/"\n',
    'FROM debian:12\nCOPY run.sh bin/run.sh\nCOPY a /\nCOPY b "conf/"\n',
    'FROM debian:12\nCOPY run.sh bin/run.sh\nCOPY a .\nCOPY b "/conf/"\n',
  ]);
  assert.deepEqual(expectFixClears('copy-relative-without-workdir', 'FROM golang:1.22\nCOPY . .\n'), ['FROM golang:1.22\nCOPY . /go/\n']);
  expectFixClearsInEveryForm('copy-relative-without-workdir', 'FROM alpine:3.20\nCOPY a \\\n  b\n');
  assert.equal(findingsOf('copy-relative-without-workdir', 'FROM alpine:3.20\nCOPY a b\n')[0].fixes?.[0].safe, true);
});

test('copy-relative-without-workdir: a Windows destination in JSON form, its backslashes doubled, is absolute', () => {
  const text = [
    'FROM mcr.microsoft.com/windows/nanoserver:ltsc2025',
    'COPY --from=golang:1.27.0-windowsservercore-ltsc2025 ["C:\\\\\\\\Program Files\\\\\\\\Go","C:\\\\\\\\Program Files\\\\\\\\Go"]',
    'COPY ["go.exe", "C:\\\\go\\\\bin\\\\"]',
    '',
  ].join('\n');
  assert.deepEqual(findingsOf('copy-relative-without-workdir', text).map((finding) => finding.message), []);
});
