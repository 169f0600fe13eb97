import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf, linesOf } from '../../../helpers/lint';

test('user-root: no USER in the final stage, fixed with a numeric USER before CMD', () => {
  const text = [
    'FROM golang:1.23 AS build',
    'RUN CGO_ENABLED=0 go build -o /out/app .',
    'FROM alpine:3.20',
    'COPY --from=build /out/app /app',
    'EXPOSE 8080',
    'ENTRYPOINT ["/app"]',
  ].join('\n');
  expectLinesInEveryForm('user-root', text, [2]);
  const [finding] = findingsOf('user-root', text);
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 16 } });
  expectFixClearsInEveryForm('user-root', text);
  assert.deepEqual(expectFixClears('user-root', text), [text.replace('EXPOSE 8080\n', 'EXPOSE 8080\nUSER 65532:65532\n')]);
});

test('user-root: distroless gets USER nonroot:nonroot; no CMD means the end of the stage', () => {
  const distroless = 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nCMD ["/app"]\n';
  assert.deepEqual(expectFixClears('user-root', distroless), ['FROM gcr.io/distroless/static-debian12\nCOPY app /app\nUSER nonroot:nonroot\nCMD ["/app"]\n']);
  const noCmd = 'from alpine:3.20\r\nrun apk add --no-cache curl\r\n';
  assert.deepEqual(expectFixClears('user-root', noCmd), ['from alpine:3.20\r\nrun apk add --no-cache curl\r\nuser 65532:65532\r\n']);
});

test('user-root: USER root last is flagged at its word; the fix goes after it', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'USER app',
    'USER root',
    'RUN apt-get update',
    'CMD ["/app"]',
  ].join('\n');
  expectLinesInEveryForm('user-root', text, [2]);
  assert.deepEqual(findingsOf('user-root', text)[0].range, { start: { line: 2, character: 5 }, end: { line: 2, character: 9 } });
  assert.deepEqual(expectFixClears('user-root', text), ['FROM debian:bookworm-slim\nUSER app\nUSER root\nRUN apt-get update\nUSER 65532:65532\nCMD ["/app"]']);
  assert.deepEqual(linesOf('user-root', 'FROM alpine:3.20 AS base\nUSER 0:0\nFROM base\nCMD ["x"]\n'), [1]);
  expectFixClearsInEveryForm('user-root', 'FROM alpine:3.20 AS base\nUSER 0:0\nFROM base\nCMD ["x"]\n');
});

test('user-root: a service image whose ENTRYPOINT is replaced no longer drops privileges', () => {
  expectLinesInEveryForm('user-root', 'FROM postgres:16\nCOPY run.sh /\nENTRYPOINT ["/run.sh"]\n', [0]);
});

test('user-root: silent for non-root users, non-root bases, builder stages and unknown users', () => {
  for (const text of [
    'FROM alpine:3.20\nUSER 65532:65532\nCMD ["x"]\n',
    'FROM alpine:3.20\nUSER root\nRUN apk add --no-cache git\nUSER app\n',
    'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n',
    'FROM gcr.io/distroless/base-debian12:debug-nonroot\nCOPY app /app\n',
    'FROM cgr.dev/chainguard/static:latest\nCOPY app /app\n',
    'FROM alpine:3.20 AS base\nUSER app\nFROM base\nCMD ["x"]\n',
    'FROM alpine:3.20 AS build\nRUN make\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\n',
    'FROM alpine:3.20\nARG UID\nUSER ${UID}\n',
    'ARG BASE\nFROM ${BASE}\nCMD ["x"]\n',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["cmd"]\n',
    'FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n',
    'FROM redis:7-alpine\nCOPY redis.conf /usr/local/etc/redis/\nCMD ["redis-server", "/usr/local/etc/redis/redis.conf"]\n',
    'FROM mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022\nCMD ["app.exe"]\n',
  ]) {
    expectLinesInEveryForm('user-root', text, []);
  }
});
