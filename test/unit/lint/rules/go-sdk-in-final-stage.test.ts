import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ID = 'go-sdk-in-final-stage';
const files = { 'go.mod': 'module example.com/demo\n\ngo 1.19\n' };
const naive = [
  'FROM golang:1.19-bookworm',
  'WORKDIR /app',
  'COPY . .',
  'RUN go build -o server .',
  'EXPOSE 8080',
  'CMD ["./server"]',
  '',
].join('\n');

test('go-sdk-in-final-stage: flags a golang final image, directly, through ARGs or through a parent stage', () => {
  expectLinesInEveryForm(ID, naive, [0], { files });
  const [finding] = findingsOf(ID, naive, { files });
  assert.deepEqual(finding.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 25 } });
  expectLinesInEveryForm(ID, 'ARG GO=1.22\nFROM golang:${GO}-alpine\nRUN go build -o /app .\nCMD ["/app"]\n', [1]);
  // golang whatever the (unknown) tag.
  expectLinesInEveryForm(ID, 'ARG GO\nFROM golang:${GO}\nRUN go build -o /app .\nCMD ["/app"]\n', [1]);
  const [unknownTag] = expectFixClears(ID, 'ARG GO\nFROM golang:${GO}\nRUN go build -o /app .\nCMD ["/app"]\n');
  assert.match(unknownTag, /^RUN CGO_ENABLED=0 go build -o \/app \.$/m);
  const inherited = 'FROM golang:1.22 AS base\nWORKDIR /src\nFROM base\nRUN go build -o /app .\nCMD ["/app"]\n';
  expectLinesInEveryForm(ID, inherited, [2]);
  assert.equal(findingsOf(ID, inherited)[0].related?.[0].range.start.line, 0);
  const multi = 'FROM golang:1.22 AS builder\nRUN go build -o /app .\nCMD ["/app"]\nFROM scratch\nCOPY --from=builder /app /app\nCMD ["/app"]\n';
  expectLinesInEveryForm(ID, multi, [], {});
  assert.deepEqual(findingsOf(ID, multi, { target: 'builder' }).map((f) => f.range.start.line), [0]);
});

test('go-sdk-in-final-stage: silent for runtime images and unresolved bases', () => {
  for (const text of [
    'FROM alpine:3.20\nCOPY app /app\nCMD ["/app"]\n',
    'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n',
    'ARG BASE\nFROM ${BASE}\nRUN go build -o /app .\n',
    'FROM golangci/golangci-lint:v1.59\nRUN golangci-lint run\n',
  ]) expectLinesInEveryForm(ID, text, []);
});

test('go-sdk-in-final-stage: the split builds a static binary into distroless and moves CMD/EXPOSE', () => {
  const [fixed] = expectFixClears(ID, naive, { files });
  assert.equal(fixed, [
    'FROM golang:1.19-bookworm AS builder',
    'WORKDIR /app',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o server .',
    '',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=builder /app/server /app/server',
    'EXPOSE 8080',
    'CMD ["/app/server"]',
    '',
  ].join('\n'), 'the relative ./server is named by its path, so the runtime stage needs no WORKDIR');
  expectFixClearsInEveryForm(ID, naive, { files });
  const [finding] = findingsOf(ID, naive, { files });
  assert.match(finding.fixes![0].title, /\(CGO_ENABLED=0: the first build recompiles the standard library\)$/, 'the title says what the added CGO_ENABLED=0 costs');
  // Blank lines between the moved instructions go with them; none pile up at the end.
  const spaced = naive.replace('EXPOSE 8080\n', '\nEXPOSE 8080\n\n\n');
  assert.equal(expectFixClears(ID, spaced, { files })[0], fixed);
});

test('go-sdk-in-final-stage: adds -o, converts a plain shell CMD, copies app ENV, keeps case and indentation', () => {
  const text = [
    '  from golang:1.22-alpine',
    '  env GIN_MODE=release CGO_ENABLED=0',
    '  env PORT=8080',
    '  workdir /src',
    '  copy . .',
    '  run go mod download && \\',
    '      go build ./cmd/api',
    '  cmd api --port 8080',
  ].join('\n');
  const [fixed] = expectFixClears(ID, text, { files });
  assert.equal(fixed, [
    '  from golang:1.22-alpine as builder',
    '  env GIN_MODE=release CGO_ENABLED=0',
    '  env PORT=8080',
    '  workdir /src',
    '  copy . .',
    '  run go mod download && \\',
    '      go build -o api ./cmd/api',
    '',
    '  from gcr.io/distroless/static-debian12:nonroot',
    '  env PORT=8080',
    '  copy --from=builder /src/api /usr/local/bin/api',
    '  cmd ["api", "--port", "8080"]',
    '',
  ].join('\n'));
  expectFixClearsInEveryForm(ID, text, { files });
});

test('go-sdk-in-final-stage: labels, stop signal and exec-form health checks move; shell-form ones stay', () => {
  const text = [
    'FROM golang:1.22',
    'LABEL org.opencontainers.image.source="https://example.com/x"',
    'WORKDIR /app',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o /usr/local/bin/app .',
    'HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1',
    'STOPSIGNAL SIGINT',
    'ENTRYPOINT ["app"]',
  ].join('\n');
  const [fixed] = expectFixClears(ID, text);
  assert.equal(fixed, [
    'FROM golang:1.22 AS builder',
    'WORKDIR /app',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o /usr/local/bin/app .',
    'HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1',
    '',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=builder /usr/local/bin/app /usr/local/bin/app',
    'LABEL org.opencontainers.image.source="https://example.com/x"',
    'STOPSIGNAL SIGINT',
    'ENTRYPOINT ["app"]',
    '',
  ].join('\n'));
  expectFixClearsInEveryForm(ID, text);
});

test('go-sdk-in-final-stage: CGO_ENABLED=1 on purpose gets a glibc runtime; go run only gets no fix', () => {
  const cgo = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN CGO_ENABLED=1 go build -o app .\nENTRYPOINT ["./app"]\n';
  const [fixed] = expectFixClears(ID, cgo);
  assert.match(fixed, /^FROM gcr\.io\/distroless\/base-debian12:nonroot$/m);
  assert.match(fixed, /^RUN CGO_ENABLED=1 go build -o app \.$/m);
  const goRun = 'FROM golang:1.22\nWORKDIR /app\nCOPY . .\nCMD ["go", "run", "."]\n';
  assert.equal(findingsOf(ID, goRun)[0].fixes, undefined);
});

test('go-sdk-in-final-stage: silent on CI images that ship nothing and on images that need Go at run time', () => {
  for (const text of [
    // CI: sources bind-mounted, caches mounted, nothing copied in or built to ship.
    'FROM golang:1.23\nWORKDIR /src\nRUN --mount=type=bind,target=. --mount=type=cache,target=/go/pkg/mod go build ./... && go vet ./... && go test ./...\n',
    'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n',
    // The program runs go: tests, generators, linters, live reload.
    'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nENTRYPOINT ["go", "test", "./..."]\n',
    'FROM golang:1.23\nRUN go install github.com/golangci/golangci-lint/cmd/golangci-lint@v1.61.0\nENTRYPOINT ["golangci-lint"]\n',
    'FROM golang:1.23\nRUN go install go.uber.org/mock/mockgen@v0.5.0\nWORKDIR /src\nENTRYPOINT ["/bin/sh", "-c", "go generate ./..."]\n',
    'FROM golang:1.23\nRUN go install github.com/air-verse/air@v1.61.0\nWORKDIR /app\nCOPY . .\nCMD ["air"]\n',
    // A base or build image on golang: nothing to start (tools built into it are its product).
    'FROM golang:1.23\nRUN apt-get update && apt-get install -y --no-install-recommends protobuf-compiler\n',
    'FROM golang:1.23\nRUN go install github.com/golang/protobuf/protoc-gen-go@v1.5.4 && go install golang.org/x/tools/cmd/goimports@v0.28.0\n',
    'FROM golang:1.23\nRUN go install github.com/gohugoio/hugo@v0.139.0\nENTRYPOINT ["hugo"]\n',
    'FROM golang:1.23\nCOPY . /src\nCMD ["bash"]\n',
    // The program is built elsewhere and copied into a golang runtime on purpose.
    'FROM golang:1.23 AS build\nRUN go build -o /out/site-tool .\nFROM golang:1.23-alpine\nCOPY --from=build /out/site-tool /usr/bin/\nENTRYPOINT ["/entrypoint.sh"]\n',
  ]) expectLinesInEveryForm(ID, text, []);
});

test('go-sdk-in-final-stage: says what it checked: sources only when copied, a binary only when built', () => {
  const binaryOnly = 'FROM golang:1.23\nWORKDIR /src\nRUN --mount=type=bind,target=. go build -o /usr/local/bin/api .\nCMD ["api"]\n';
  const [built] = findingsOf(ID, binaryOnly);
  assert.match(built.message, /next to a binary/);
  assert.doesNotMatch(built.message, /sources/);
  const [goRun] = findingsOf(ID, 'FROM golang:1.23\nWORKDIR /app\nCOPY . .\nCMD ["go", "run", "main.go"]\n');
  assert.match(goRun.message, /the sources and compiles the program at every container start/);
  assert.doesNotMatch(goRun.message, /binary of a few MB/);
  assert.equal(goRun.fixes, undefined);
});
