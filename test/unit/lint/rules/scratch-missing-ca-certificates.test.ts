import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ID = 'scratch-missing-ca-certificates';
const go = (builder = 'golang:1.22') => [`FROM ${builder} AS builder`, 'WORKDIR /src', 'COPY . .', 'RUN CGO_ENABLED=0 go build \\', '    -o /out/app .'];

test('scratch-missing-ca-certificates: flags a scratch runtime with a Go binary and no CA bundle', () => {
  const text = [...go(), 'FROM scratch', 'COPY --from=builder /out/app /app', 'ENTRYPOINT ["/app"]'].join('\n');
  expectLinesInEveryForm(ID, text, [5]);
  const [finding] = findingsOf(ID, text);
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.range, { start: { line: 5, character: 5 }, end: { line: 5, character: 12 } });
  assert.equal(finding.related?.[0].range.start.line, 6);
  expectLinesInEveryForm(ID, ['ARG RUNTIME=scratch', ...go(), 'FROM ${RUNTIME}', 'COPY --from=builder /out/ /', 'CMD ["/app"]'].join('\n'), [6]);
});

test('scratch-missing-ca-certificates: silent with a bundle, SSL_CERT_FILE, embedded roots, export stages or distroless', () => {
  const tails = [
    'COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=builder /out/app /app\nENTRYPOINT ["/app"]',
    'COPY --from=builder /etc/ssl/certs /etc/ssl/certs\nCOPY --from=builder /out/app /app\nENTRYPOINT ["/app"]',
    'COPY certs/ca-bundle.pem /etc/pki/tls/certs/\nCOPY --from=builder /out/app /app\nENTRYPOINT ["/app"]',
    'ENV SSL_CERT_FILE=/run/secrets/ca.pem\nCOPY --from=builder /out/app /app\nENTRYPOINT ["/app"]',
    'COPY --from=builder /out/app /app', // an export stage for docker build --output
    'COPY --from=builder /src/README.md /\nCMD ["/README.md"]', // no Go binary
  ];
  for (const tail of tails) expectLinesInEveryForm(ID, [...go(), 'FROM scratch', tail].join('\n'), []);
  expectLinesInEveryForm(ID, [...go(), 'FROM gcr.io/distroless/static-debian12', 'COPY --from=builder /out/app /app', 'CMD ["/app"]'].join('\n'), []);
  const embedded = { 'go.mod': 'module x\n\ngo 1.22\n\nrequire golang.org/x/crypto/x509roots/fallback v0.0.0-20240916\n' };
  expectLinesInEveryForm(ID, [...go(), 'FROM scratch', 'COPY --from=builder /out/app /app', 'CMD ["/app"]'].join('\n'), [], { files: embedded });
});

test('scratch-missing-ca-certificates: the fix copies the builder bundle after the binary', () => {
  const text = [...go(), 'FROM scratch', 'COPY --from=builder /out/app /app', 'ENTRYPOINT ["/app"]', ''].join('\n');
  assert.deepEqual(expectFixClears(ID, text), [
    [...go(), 'FROM scratch', 'COPY --from=builder /out/app /app', 'COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/', 'ENTRYPOINT ["/app"]', ''].join('\n'),
  ]);
  expectFixClearsInEveryForm(ID, text);
  expectFixClears(ID, ['ARG GO_VERSION', ...go('golang:${GO_VERSION}-alpine'), 'FROM scratch', 'COPY --from=builder /out/app /app', 'CMD ["/app"]'].join('\n'));
  // A Debian builder without ca-certificates has no bundle to copy: no fix.
  const debian = ['FROM debian:bookworm AS builder', 'RUN apt-get update && apt-get install -y golang-go && go build -o /out/app .', 'FROM scratch', 'COPY --from=builder /out/app /app', 'CMD ["/app"]'].join('\n');
  assert.equal(findingsOf(ID, debian)[0].fixes, undefined);
  assert.ok(findingsOf(ID, debian.replace('golang-go', 'golang-go ca-certificates'))[0].fixes?.length);
});

test('scratch-missing-ca-certificates: a copy of the builder\'s whole root brings the bundle', () => {
  const text = 'FROM golang:1.22 AS builder\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=builder / /\nENTRYPOINT ["/app"]\n';
  assert.deepEqual(findingsOf('scratch-missing-ca-certificates', text), []);
});
