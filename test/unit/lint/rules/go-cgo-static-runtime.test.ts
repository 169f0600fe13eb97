import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ID = 'go-cgo-static-runtime';
const runtime = (image: string, build = 'RUN go build -o /out/app .', builder = 'golang:1.22') => [
  `FROM ${builder} AS builder`,
  'WORKDIR /src',
  'COPY . .',
  build,
  '',
  `FROM ${image}`,
  'COPY --from=builder /out/app /app',
  'ENTRYPOINT ["/app"]',
  '',
].join('\n');

test('go-cgo-static-runtime: error for scratch and distroless/static, warning for alpine', () => {
  for (const [image, severity] of [['scratch', 'error'], ['gcr.io/distroless/static-debian12:nonroot', 'error'], ['alpine:3.20', 'warning']] as const) {
    const text = runtime(image);
    expectLinesInEveryForm(ID, text, [3]);
    const [finding] = findingsOf(ID, text);
    assert.equal(finding.severity, severity, image);
    assert.deepEqual(finding.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 12 } });
    assert.equal(finding.related?.[0].range.start.line, 6);
  }
});

test('go-cgo-static-runtime: follows continuations, ARG-resolved runtimes and the copied folder', () => {
  const text = [
    'ARG RUNTIME=scratch',
    'FROM golang:1.22 AS builder',
    'WORKDIR /src',
    'COPY . .',
    'RUN go mod download && \\',
    '    go build \\',
    '      -o bin/server ./cmd/server',
    'FROM ${RUNTIME}',
    'COPY --from=builder /src/bin/ /usr/local/bin/',
    'ENTRYPOINT ["/usr/local/bin/server"]',
  ].join('\n');
  expectLinesInEveryForm(ID, text, [5]);
  expectFixClearsInEveryForm(ID, text);
});

test('go-cgo-static-runtime: a global ARG CGO_ENABLED does not reach the stage unless re-declared', () => {
  const base = ['ARG CGO_ENABLED=0', 'FROM golang:1.22 AS builder'];
  const rest = ['RUN go build -o /app .', 'FROM scratch', 'COPY --from=builder /app /app', 'CMD ["/app"]'];
  expectLinesInEveryForm(ID, [...base, ...rest].join('\n'), [2]);
  expectLinesInEveryForm(ID, [...base, 'ARG CGO_ENABLED', ...rest].join('\n'), []);
});

test('go-cgo-static-runtime: silent when cgo is off or the binary is static anyway', () => {
  const silent = [
    runtime('scratch', 'RUN CGO_ENABLED=0 go build -o /out/app .'),
    runtime('scratch', 'RUN env CGO_ENABLED=0 go build -o /out/app .'),
    runtime('scratch', 'RUN export CGO_ENABLED=0 && go build -o /out/app .'),
    runtime('scratch', 'ENV CGO_ENABLED=0\nRUN go build -o /out/app .'),
    runtime('scratch', 'ARG CGO_ENABLED=0\nRUN go build -o /out/app .'),
    runtime('scratch', 'ARG CGO_ENABLED\nRUN go build -o /out/app .'), // unknown at lint time
    runtime('scratch', `RUN go build -ldflags '-linkmode external -extldflags "-static"' -o /out/app .`),
    runtime('scratch', 'RUN go build -tags netgo,osusergo -o /out/app .'),
    runtime('gcr.io/distroless/base-debian12'),
    runtime('debian:bookworm-slim'),
    runtime('alpine:3.20', 'RUN apk add --no-cache gcc musl-dev && go build -o /out/app .', 'golang:1.22-alpine'),
    runtime('scratch', 'RUN go build -o /out/other .'), // the copied file is not this build's
  ];
  for (const text of silent) expectLinesInEveryForm(ID, text, []);
  const inherited = [
    'FROM golang:1.22 AS base', 'ENV CGO_ENABLED=0',
    'FROM base AS builder', 'RUN go build -o /app .',
    'FROM scratch', 'COPY --from=builder /app /app', 'CMD ["/app"]',
  ].join('\n');
  expectLinesInEveryForm(ID, inherited, []);
});

test('go-cgo-static-runtime: Alpine builders without a C compiler (Go >= 1.20) only get an info', () => {
  const noCompiler = runtime('scratch', 'RUN go build -o /out/app .', 'golang:1.22-alpine');
  expectLinesInEveryForm(ID, noCompiler, [3]);
  const [info] = findingsOf(ID, noCompiler);
  assert.equal(info.severity, 'info');
  assert.match(info.message, /make CGO_ENABLED=0 explicit/);
  assert.equal(info.fixes?.[0].safe, true);
  const withGcc = runtime('scratch', 'RUN apk add --no-cache build-base && go build -o /out/app .', 'golang:1.22-alpine');
  assert.equal(findingsOf(ID, withGcc)[0].severity, 'error');
  const oldGo = runtime('scratch', 'RUN go build -o /out/app .', 'golang:1.19-alpine');
  assert.equal(findingsOf(ID, oldGo)[0].severity, 'error');
  const newest = runtime('scratch', 'RUN go build -o /out/app .', 'golang:alpine');
  assert.equal(findingsOf(ID, newest)[0].severity, 'info');
});

test('go-cgo-static-runtime: explicit CGO_ENABLED=1 is flagged without a fix', () => {
  const text = runtime('scratch', 'RUN CGO_ENABLED=1 go build -o /out/app .');
  const [finding] = findingsOf(ID, text);
  assert.equal(finding.severity, 'error');
  assert.equal(finding.fixes, undefined);
});

test('go-cgo-static-runtime: the fix prefixes CGO_ENABLED=0 after other assignments', () => {
  const [fixed] = expectFixClears(ID, runtime('scratch', 'RUN GOOS=linux go build -o /out/app .'));
  assert.match(fixed, /^RUN GOOS=linux CGO_ENABLED=0 go build -o \/out\/app \.$/m);
  expectFixClearsInEveryForm(ID, runtime('alpine:3.20'));
  expectFixClearsInEveryForm(ID, runtime('scratch', 'RUN go build -o /out/app .', 'golang:1.22-alpine'));
});

test('go-cgo-static-runtime: only the last -ldflags counts, and heredoc RUNs are followed', () => {
  const overridden = runtime('scratch', `RUN go build -ldflags '-extldflags "-static"' -ldflags "-s -w" -o /out/app .`);
  expectLinesInEveryForm(ID, overridden, [3]);
  const heredoc = runtime('scratch', 'RUN <<EOF\nset -e\ngo build -o /out/app .\nEOF');
  expectLinesInEveryForm(ID, heredoc, [5]);
  const [fixed] = expectFixClears(ID, heredoc);
  assert.match(fixed, /^CGO_ENABLED=0 go build -o \/out\/app \.$/m);
});

test('go-cgo-static-runtime: an unresolved builder tag is judged only by what is certain', () => {
  const alpine = `ARG GO_VERSION\n${runtime('scratch', 'RUN go build -o /out/app .', 'golang:${GO_VERSION}-alpine')}`;
  assert.deepEqual(findingsOf(ID, alpine).map((f) => f.severity), ['info']);
  expectLinesInEveryForm(ID, `ARG BUILDER\n${runtime('scratch', 'RUN go build -o /out/app .', '${BUILDER}')}`, []);
  const debian = `ARG GO_VERSION\n${runtime('scratch', 'RUN go build -o /out/app .', 'golang:${GO_VERSION}-bookworm')}`;
  assert.deepEqual(findingsOf(ID, debian).map((f) => f.severity), ['error']);
  expectLinesInEveryForm(ID, `ARG TAG\n${runtime('scratch', 'RUN go build -o /out/app .', 'golang:${TAG}')}`, []);
});

test('go-cgo-static-runtime: binaries of go install count too', () => {
  const text = 'FROM golang:1.22 AS tools\nRUN go install github.com/grpc-ecosystem/grpc-health-probe@v0.4.28\nFROM scratch\nCOPY --from=tools /go/bin/grpc-health-probe /bin/\nCOPY app /app\nENTRYPOINT ["/app"]\n';
  expectLinesInEveryForm(ID, text, [1]);
  expectFixClearsInEveryForm(ID, text);
});

test('go-cgo-static-runtime: an Alpine runtime with a glibc compatibility layer runs a glibc binary', () => {
  for (const compat of ['gcompat', 'libc6-compat']) {
    const text = ['FROM golang:1.22 AS builder', 'RUN go build -o /out/app .', 'FROM alpine:3.20', `RUN apk add --no-cache ${compat}`,
      'COPY --from=builder /out/app /app', 'ENTRYPOINT ["/app"]'].join('\n');
    expectLinesInEveryForm(ID, text, []);
  }
});

test('go-cgo-static-runtime: silent when the copied sources import nothing that links the C library', () => {
  const dockerfile = 'FROM golang:1.18 AS builder\nWORKDIR /code\nCOPY main.go .\nCOPY go.mod .\nRUN go build -o /app main.go\nFROM alpine:3.19\nCOPY --from=builder /app /app\nCMD ["/app"]\n';
  const pure = 'package main\n\nimport (\n\t"fmt"\n\t"os"\n\t"time"\n)\n\nfunc main() { fmt.Println(os.Getenv("X"), time.Now()) }\n';
  const files = (main: string) => ({ files: { 'main.go': main, 'go.mod': 'module x\n\ngo 1.18\n' } });
  assert.deepEqual(findingsOf('go-cgo-static-runtime', dockerfile, files(pure)), []);
  // net (every server), a third-party package (it may import net), or a source we cannot read.
  for (const main of [pure.replace('"time"', '"net/http"'), pure.replace('"time"', '"github.com/x/y"'), 'package main\nimport "os/user"\n']) {
    assert.equal(findingsOf('go-cgo-static-runtime', dockerfile, files(main)).length, 1, main);
  }
  assert.equal(findingsOf('go-cgo-static-runtime', dockerfile.replace('COPY main.go .', 'COPY . .'), files(pure)).length, 1, 'a whole-context copy cannot be read file by file');
  assert.equal(findingsOf('go-cgo-static-runtime', dockerfile, { files: { 'go.mod': 'module x\n' } }).length, 1, 'main.go missing from the context');
});
