import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf, linesOf } from '../../../helpers/lint';

const enabled = { settings: { rules: { 'healthcheck-missing': 'hint' as const } } };

test('healthcheck-missing: off by default; when enabled, flags a final service stage without HEALTHCHECK', () => {
  const text = 'FROM node:20-slim\nCOPY . /app\nEXPOSE 3000\nCMD ["node", "/app/server.js"]\n';
  assert.deepEqual(linesOf('healthcheck-missing', text), []);
  expectLinesInEveryForm('healthcheck-missing', text, [2], enabled);
  const [finding] = findingsOf('healthcheck-missing', text, enabled);
  assert.equal(finding.severity, 'hint');
  assert.deepEqual(finding.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 6 } });
  const distroless = 'FROM golang:1.22 AS build\nEXPOSE 9999\nFROM gcr.io/distroless/static-debian12\nEXPOSE 8080\nENTRYPOINT ["/server"]\n';
  assert.match(findingsOf('healthcheck-missing', distroless, enabled)[0].message, /exec form/);
  assert.deepEqual(linesOf('healthcheck-missing', distroless, enabled), [3]);
});

test('healthcheck-missing: silent with a HEALTHCHECK (own, inherited or NONE), without EXPOSE, or for non-final stages', () => {
  const text = [
    'FROM node:20-slim AS base',
    'EXPOSE 3000',
    'HEALTHCHECK CMD wget -qO- http://127.0.0.1:3000/ || exit 1',
    'FROM base AS app',
    'CMD ["node", "server.js"]',
  ].join('\n');
  expectLinesInEveryForm('healthcheck-missing', text, [], enabled);
  expectLinesInEveryForm('healthcheck-missing', 'FROM alpine\nEXPOSE 80\nHEALTHCHECK NONE\n', [], enabled);
  expectLinesInEveryForm('healthcheck-missing', 'FROM alpine AS a\nEXPOSE 80\nFROM alpine\nCMD ["true"]\n', [], enabled);
});
