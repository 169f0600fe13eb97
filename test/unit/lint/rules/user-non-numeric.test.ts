import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ON = { settings: { rules: { 'user-non-numeric': 'info' as const } } };

test('user-non-numeric: off by default; when on, the final image\'s last USER given by name', () => {
  const text = 'FROM debian:12\nRUN useradd --uid 10001 app\nUSER app:app\nCMD ["app"]\n';
  expectLinesInEveryForm('user-non-numeric', text, []);
  expectLinesInEveryForm('user-non-numeric', text, [2], ON);
  const [finding] = findingsOf('user-non-numeric', text, ON);
  assert.equal(finding.severity, 'info');
  assert.match(finding.message, /runAsNonRoot/);
  assert.match(finding.message, /\(10001, given to app by this Dockerfile\)/);
  assert.deepEqual(expectFixClears('user-non-numeric', text, ON), ['FROM debian:12\nRUN useradd --uid 10001 app\nUSER 10001:app\nCMD ["app"]\n']);
  assert.deepEqual(expectFixClears('user-non-numeric', 'FROM alpine:3.20\nRUN adduser -D -u 1000 web\nUSER web\n', ON), ['FROM alpine:3.20\nRUN adduser -D -u 1000 web\nUSER 1000\n']);
  const unknown = findingsOf('user-non-numeric', 'FROM node:20\nUSER node\n', ON);
  assert.equal(unknown.length, 1);
  assert.equal(unknown[0].fixes, undefined);
});

test('user-non-numeric: numeric users, root, build-arg users, builder stages and earlier USERs are fine', () => {
  const text = [
    'FROM debian:12 AS build',
    'USER builder',
    'FROM debian:12',
    'ARG APP_UID',
    'USER app',
    'USER 10001:app',
  ].join('\n');
  expectLinesInEveryForm('user-non-numeric', text, [], ON);
  expectLinesInEveryForm('user-non-numeric', 'FROM debian:12\nARG UID\nUSER ${UID}\n', [], ON);
  expectLinesInEveryForm('user-non-numeric', 'FROM debian:12\nUSER root\n', [], ON);
});

test('user-non-numeric: silent on Windows images, which have no uids', () => {
  assert.deepEqual(findingsOf('user-non-numeric', 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nUSER ContainerAdministrator\n', ON), []);
  assert.deepEqual(findingsOf('user-non-numeric', 'FROM mcr.microsoft.com/windows/nanoserver:ltsc2025\nUSER ContainerUser\n', ON), []);
  assert.equal(findingsOf('user-non-numeric', 'FROM debian:12\nUSER app\n', ON).length, 1);
});
