import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ID = 'go-builder-version';
const mod = (directives: string) => ({ files: { 'go.mod': `module example.com/svc\n\n${directives}\n` } });

test('go-builder-version: flags a golang tag older than go.mod, at the version', () => {
  const text = 'FROM golang:1.21-alpine3.20 AS builder\nRUN go build -o /app .\n';
  expectLinesInEveryForm(ID, text, [0], mod('go 1.22'));
  const [finding] = findingsOf(ID, text, mod('go 1.22'));
  assert.equal(finding.severity, 'error');
  assert.deepEqual(finding.range, { start: { line: 0, character: 12 }, end: { line: 0, character: 16 } });
  expectLinesInEveryForm(ID, 'FROM golang:1.22.1 AS builder\n', [0], mod('go 1.22.3'));
  expectLinesInEveryForm(ID, 'FROM docker.io/library/golang:1.20@sha256:abc AS b\n', [0], mod('go 1.21'));
  // toolchain is higher than go: the toolchain counts.
  expectLinesInEveryForm(ID, 'FROM golang:1.22-bookworm\n', [0], mod('go 1.22\ntoolchain go1.23.2'));
  assert.match(findingsOf(ID, 'FROM golang:1.22-bookworm\n', mod('go 1.22\ntoolchain go1.23.2'))[0].message, /toolchain go1\.23\.2/);
});

test('go-builder-version: silent for new-enough, minor-only and versionless tags', () => {
  for (const [from, directives] of [
    ['FROM golang:1.22', 'go 1.22.5'], // 1.22 = newest 1.22.x
    ['FROM golang:1.23-alpine', 'go 1.22'],
    ['FROM golang:1', 'go 1.23'],
    ['FROM golang:alpine', 'go 1.23'],
    ['FROM golang', 'go 1.23'],
    ['FROM golang:1.22rc1', 'go 1.21'],
    ['ARG V\nFROM golang:${V}', 'go 1.23'],
    ['FROM mcr.microsoft.com/oss/go/microsoft/golang:1.20', 'go 1.22'],
  ]) expectLinesInEveryForm(ID, `${from}\nRUN go build .\n`, [], mod(directives));
  expectLinesInEveryForm(ID, 'FROM golang:1.20\n', [], { files: {} });
});

test('go-builder-version: the fix sets the go.mod version and keeps the variant suffix', () => {
  assert.deepEqual(expectFixClears(ID, 'FROM golang:1.21-alpine3.20 AS builder\n', mod('go 1.22.3')), ['FROM golang:1.22.3-alpine3.20 AS builder\n']);
  expectFixClearsInEveryForm(ID, 'FROM golang:1.21-bookworm AS builder\nRUN go build \\\n    -o /app .\n', mod('go 1.22'));
});

test('go-builder-version: a tag from a global ARG default is fixed in the ARG', () => {
  const text = 'ARG GO_VERSION="1.21"\nFROM golang:${GO_VERSION}-alpine AS builder\n';
  expectLinesInEveryForm(ID, text, [0], mod('go 1.22'));
  const [finding] = findingsOf(ID, text, mod('go 1.22'));
  assert.deepEqual(finding.range, { start: { line: 0, character: 16 }, end: { line: 0, character: 20 } });
  assert.equal(finding.related?.[0].range.start.line, 1);
  assert.deepEqual(expectFixClears(ID, text, mod('go 1.22')), ['ARG GO_VERSION="1.22"\nFROM golang:${GO_VERSION}-alpine AS builder\n']);
  expectFixClearsInEveryForm(ID, text, mod('go 1.22'));
});

test('go-builder-version: what each Go does decides the severity', () => {
  const verdict = (from: string, directives: string, extra = '') => {
    const [finding] = findingsOf(ID, `${from}\n${extra}RUN go build -o /app .\n`, mod(directives));
    return finding && { severity: finding.severity, message: finding.message };
  };
  // Go 1.21+: a minimum, and the image's GOTOOLCHAIN=local makes it stop.
  const stops = verdict('FROM golang:1.21', 'go 1.22.1');
  assert.equal(stops.severity, 'error');
  assert.match(stops.message, /GOTOOLCHAIN=local/);
  // GOTOOLCHAIN=auto set in the Dockerfile: go fetches the toolchain (needs the network).
  const downloads = verdict('FROM golang:1.21', 'go 1.22.1', 'ENV GOTOOLCHAIN=auto\n');
  assert.equal(downloads.severity, 'warning');
  assert.match(downloads.message, /downloads go1\.22\.1/);
  // Before 1.21 a two-part go line is advisory: the build works.
  const advisory = verdict('FROM golang:1.19', 'go 1.20');
  assert.equal(advisory.severity, 'warning');
  assert.match(advisory.message, /advisory/);
  assert.doesNotMatch(advisory.message, /stops/);
  // ... but a Go 1.21-style line does not parse there.
  assert.equal(verdict('FROM golang:1.20', 'go 1.21.0').severity, 'error');
  assert.match(verdict('FROM golang:1.20', 'go 1.20\ntoolchain go1.21.4').message, /toolchain` line/);
});
