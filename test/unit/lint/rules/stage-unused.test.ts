import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('stage-unused: stages the final image does not reach are reported', () => {
  const text = [
    'FROM golang:1.22 AS base', 'FROM base AS build', 'RUN go build -o /app .',
    'FROM base AS test', 'RUN go test ./...', 'FROM alpine:3.20 AS lint', 'FROM alpine:3.20 AS helper', 'COPY --from=lint /x /x',
    'FROM scratch', 'COPY --from=build /app /app',
  ].join('\n');
  // "test" and "lint" are built with --target (or feed a stage that is): only "helper" is dead.
  expectLinesInEveryForm('stage-unused', text, [6]);
  assert.equal(findingsOf('stage-unused', text)[0].severity, 'info');
  assert.match(findingsOf('stage-unused', text)[0].message, /"helper"/);
});

test('stage-unused: stages that look like --target builds are left alone', () => {
  const multiTarget = [
    'FROM golang:1.22 AS deps', 'RUN go mod download',
    'FROM deps AS generate', 'RUN go generate ./...',
    'FROM deps AS migrate', 'ENTRYPOINT ["/migrate"]',
    'FROM node:20 AS dev-server', 'RUN npm ci',
    'FROM deps AS builder', 'RUN go build -o /app .',
    'FROM scratch', 'COPY --from=builder /app /app',
  ].join('\n');
  // generate: used by nothing, no CMD, not a target-like name: reported. migrate has an
  // ENTRYPOINT, dev-server a target-like name.
  expectLinesInEveryForm('stage-unused', multiTarget, [2]);
});

test('stage-unused: the target stage decides; mounts count; unknown --from disables the rule', () => {
  const text = 'FROM golang:1.22 AS build\nFROM alpine:3.20 AS certs\nFROM build AS test\nRUN --mount=from=certs,target=/c true\nFROM scratch\n';
  assert.deepEqual(findingsOf('stage-unused', text, { target: 'test' }).map((f) => f.range.start.line), [4]);
  expectLinesInEveryForm('stage-unused', 'FROM a:1 AS x\nFROM a:1 AS y\nFROM scratch\nARG FROM_STAGE=x\nCOPY --from=$FROM_STAGE /a /a\n', []);
  expectLinesInEveryForm('stage-unused', 'FROM golang:1.22\n', []);
});

test('stage-unused: a stage behind a misspelt --from is left to copy-from-unknown-stage', () => {
  const text = 'FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=biuld /app /app\n';
  expectLinesInEveryForm('stage-unused', text, []);
  expectLinesInEveryForm('stage-unused', 'FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=nginx:1 /x /x\n', [0]);
});

test('stage-unused: a FROM that picks its stage through a variable can pick any of them', () => {
  const text = 'ARG VARIANT=supported\nFROM alpine:3.20 AS exit-supported\nFROM alpine:3.20 AS exit-unsupported\nFROM exit-${VARIANT}\nRUN true\n';
  expectLinesInEveryForm('stage-unused', text, []);
});
