import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ID = 'go-cross-compile-platform';
/** A runtime stage after the builder: the builder is not what ships. */
const RUNTIME = 'FROM scratch\nCOPY --from=builder /app /app\n';

test('go-cross-compile-platform: flags GOOS/GOARCH from TARGET* args without --platform', () => {
  const text = 'FROM golang:1.22 AS builder\nARG TARGETOS TARGETARCH\nRUN CGO_ENABLED=0 \\\n    GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /app .\n' + RUNTIME;
  expectLinesInEveryForm(ID, text, [0]);
  const [finding] = findingsOf(ID, text);
  assert.equal(finding.severity, 'info');
  assert.deepEqual(finding.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 16 } });
  assert.equal(finding.related?.[0].range.start.line, 3);
  expectLinesInEveryForm(ID, 'FROM golang:1.22 AS builder\nARG TARGETARCH\nENV GOARCH=${TARGETARCH}\nRUN go build -o /app .\n' + RUNTIME, [0]);
  // The platform is decided by the stage the builder is built FROM.
  expectLinesInEveryForm(ID, 'FROM golang:1.22 AS base\nFROM base AS builder\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /app .\n' + RUNTIME, [0]);
});

test('go-cross-compile-platform: silent with --platform, literal targets, or no go build', () => {
  for (const text of [
    'FROM --platform=$BUILDPLATFORM golang:1.22 AS builder\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /app .\n',
    'FROM --platform=${BUILDPLATFORM} golang:1.22 AS base\nFROM base\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /app .\n',
    'FROM --platform=linux/amd64 golang:1.22\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /app .\n',
    'FROM golang:1.22\nRUN CGO_ENABLED=0 GOOS=linux GOARCH=amd64 go build -o /app .\n',
    'FROM golang:1.22\nARG TARGETARCH\nRUN echo $TARGETARCH && go build -o /app .\n',
    'FROM golang:1.22\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go vet ./...\n',
  ]) expectLinesInEveryForm(ID, `${text}FROM scratch\n`, []);
});

test('go-cross-compile-platform: the fix adds --platform=$BUILDPLATFORM', () => {
  const text = 'FROM golang:1.22 AS builder\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /app .\n' + RUNTIME;
  assert.deepEqual(expectFixClears(ID, text), ['FROM --platform=$BUILDPLATFORM golang:1.22 AS builder\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /app .\n' + RUNTIME]);
  expectFixClearsInEveryForm(ID, 'FROM golang:1.22 AS builder\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS \\\n    GOARCH=$TARGETARCH go build -o /app .\n' + RUNTIME);
});

test('go-cross-compile-platform: never on the stage that is shipped', () => {
  // Single stage: the image is the builder; --platform=$BUILDPLATFORM would ship build-platform binaries.
  expectLinesInEveryForm('go-cross-compile-platform', 'FROM golang:1.23\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /app .\nCMD ["/app"]\n', []);
  // The final stage built FROM the builder stage: the same.
  const chained = 'FROM golang:1.23 AS base\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /app .\nFROM base\nCMD ["/app"]\n';
  expectLinesInEveryForm('go-cross-compile-platform', chained, []);
  // A separate builder stage is still reported.
  expectLinesInEveryForm('go-cross-compile-platform', 'FROM golang:1.23 AS build\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n', [0]);
});
