import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('from-platform-flag-const-disallowed: a constant platform in FROM', () => {
  const text = 'FROM --platform=linux/amd64 scratch\nFROM --platform=linux/arm64/v8 alpine AS runtime\nFROM --platform=amd64 alpine AS app\n';
  expectLinesInEveryForm('from-platform-flag-const-disallowed', text, [0, 1, 2]);
  const [finding] = findingsOf('from-platform-flag-const-disallowed', text);
  assert.equal(finding.severity, 'info');
  assert.deepEqual(finding.range, { start: { line: 0, character: 16 }, end: { line: 0, character: 27 } });
  assert.match(finding.message, /\$BUILDPLATFORM/);
});

test('from-platform-flag-const-disallowed: variables and stages named after the platform are fine', () => {
  const text = [
    'FROM --platform=linux/amd64 scratch AS my_amd64_stage',
    'FROM --platform=linux/amd64 scratch AS linux',
    'FROM --platform=linux/x86_64 alpine AS build-amd64',
    'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
    'FROM alpine',
  ].join('\n');
  expectLinesInEveryForm('from-platform-flag-const-disallowed', text, []);
});
