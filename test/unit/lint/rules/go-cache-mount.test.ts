import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ID = 'go-cache-mount';

test('go-cache-mount: flags go mod download and go build without cache mounts', () => {
  const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build \\\n    -o /app .\n';
  expectLinesInEveryForm(ID, text, [3, 5]);
  const [download, build] = findingsOf(ID, text);
  assert.equal(download.severity, 'info');
  assert.deepEqual(download.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 19 } });
  assert.match(download.message, /module cache/);
  // The modules are in the download layer: go build re-downloads nothing, only recompiles.
  assert.match(build.message, /No cache mount on the Go build cache: .*recompiles every package again/);
  assert.doesNotMatch(build.message, /downloads/);
  const single = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n';
  assert.match(findingsOf(ID, single)[0].message, /module cache and the build cache: .*downloads every module and recompiles every package again/);
  // A mount on the module cache only still misses the build cache.
  const half = 'FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /app .\n';
  expectLinesInEveryForm(ID, half, [1]);
  assert.match(findingsOf(ID, half)[0].message, /No cache mount on the Go build cache/);
});

test('go-cache-mount: silent with mounts on the resolved cache locations', () => {
  for (const text of [
    'FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\n',
    'FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    go build -o /app .\n',
    'FROM golang:1.22\nENV GOMODCACHE=/cache/mod GOCACHE=/cache/build\nRUN --mount=type=cache,target=/cache go build -o /app .\n',
    'FROM golang:1.22\nENV GOPATH=/gopath\nRUN --mount=type=cache,target=/gopath/pkg/mod go mod download\n',
    'FROM golang:1.22\nENV GOCACHE=off\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /app .\n',
    'FROM golang:1.22\nRUN --mount=type=cache,target=/root/.cache/go-build go build -mod=vendor -o /app .\n',
    'FROM golang:1.22\nRUN --mount=type=cache,target=${GOMODCACHE} go mod download\n', // unknown at lint time
    'FROM golang:1.22\nRUN go vet ./...\n',
  ]) expectLinesInEveryForm(ID, text, []);
  // A non-root user: HOME unknown, so any mount ending in go-build counts (and no fix is guessed).
  const user = 'FROM golang:1.22\nUSER app\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/home/app/.cache/go-build go build -o /tmp/app .\n';
  expectLinesInEveryForm(ID, user, []);
  const [unknownHome] = findingsOf(ID, 'FROM golang:1.22\nUSER app\nRUN go build -o /tmp/app .\n');
  assert.equal(unknownHome.fixes, undefined);
});

test('go-cache-mount: the fix adds the missing mounts after RUN', () => {
  const mod = 'COPY go.mod go.sum ./\n';
  assert.deepEqual(expectFixClears(ID, `FROM golang:1.22\n${mod}RUN go mod download\n`), [`FROM golang:1.22\n${mod}RUN --mount=type=cache,target=/go/pkg/mod go mod download\n`]);
  assert.deepEqual(expectFixClears(ID, `FROM alpine:3.20\n${mod}RUN apk add --no-cache go && go build -o /app .\n`), [
    `FROM alpine:3.20\n${mod}RUN --mount=type=cache,target=/root/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build apk add --no-cache go && go build -o /app .\n`,
  ]);
  assert.deepEqual(expectFixClears(ID, 'FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /app .\n'), [
    'FROM golang:1.22\nRUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod go build -o /app .\n',
  ]);
  assert.deepEqual(expectFixClears(ID, `ARG GO\nFROM golang:\${GO}-alpine\n${mod}RUN go mod download\n`), [`ARG GO\nFROM golang:\${GO}-alpine\n${mod}RUN --mount=type=cache,target=/go/pkg/mod go mod download\n`]);
  expectFixClearsInEveryForm(ID, 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download && \\\n    go build -o /app .\n');
});

test('go-cache-mount: heredoc RUNs get the mounts on the RUN line', () => {
  const text = 'FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN <<EOF\ngo mod download\nEOF\n';
  expectLinesInEveryForm(ID, text, [3]);
  assert.deepEqual(expectFixClears(ID, text), ['FROM golang:1.22\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod <<EOF\ngo mod download\nEOF\n']);
});

test('go-cache-mount: a module cache an earlier layer filled is not hidden by a mount on a later RUN', () => {
  const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n';
  const [download] = findingsOf(ID, text);
  assert.match(download.message, /Later RUNs use what this layer leaves there/);
  assert.equal(download.related?.[0].range.start.line, 5);
  // The fix mounts the module cache on the download and on the build that reads it.
  const fixed = expectFixClears(ID, text)[0];
  assert.match(fixed, /RUN --mount=type=cache,target=\/go\/pkg\/mod go mod download/);
  assert.match(fixed, /RUN --mount=type=cache,target=\/go\/pkg\/mod go build/);
  assert.deepEqual(findingsOf(ID, fixed).map((f) => f.message.replace(/:.*/, '')), ['No cache mount on the Go build cache']);
  expectFixClearsInEveryForm(ID, text);
});

test('go-cache-mount: no module cache for vendored, GOPATH-mode and dependency-free builds; no build cache with -a', () => {
  const modOnly = { files: { 'go.mod': 'module example.com/x\n\ngo 1.22\n' } };
  const vendored = { files: { 'go.mod': 'module example.com/x\n\ngo 1.22\n\nrequire example.com/y v1.0.0\n', 'vendor/modules.txt': '# example.com/y v1.0.0\n' } };
  const build = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .\n';
  for (const [text, options] of [
    [build, modOnly],
    [build, vendored],
    ['FROM golang:1.22\nENV GO111MODULE=off\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .\n', {}],
    ['FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod CGO_ENABLED=0 go build -a -o /app .\n', {}],
  ] as const) expectLinesInEveryForm(ID, text, [], options);
  // go mod download of a vendored module fetches what the build never reads; offline it fails.
  const download = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\n';
  const [wasted] = findingsOf(ID, download, vendored);
  assert.equal(wasted.severity, 'info');
  assert.match(wasted.message, /vendored/);
  assert.equal(findingsOf(ID, download.replace('RUN go', 'ENV GOPROXY=off\nRUN go'), vendored)[0].severity, 'error');
});

test('go-cache-mount: no module cache with no go.mod in reach; any .../pkg/mod mount counts on an image not known here', () => {
  // GOPATH-era single file on an old golang image, and a standard-library build with no go.mod.
  expectLinesInEveryForm(ID, 'FROM golang:1.15\nWORKDIR /src\nCOPY main.go .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /app main.go\n', []);
  expectLinesInEveryForm(ID, 'FROM golang:1.23\nWORKDIR /src\nCOPY main.go .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /app main.go\n', []);
  const unknownImage = 'ARG builder_image\nFROM ${builder_image} AS build\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod,id=mod --mount=type=cache,target=/root/.cache/go-build,id=build go build -o /app .\n';
  expectLinesInEveryForm(ID, unknownImage, []);
});
