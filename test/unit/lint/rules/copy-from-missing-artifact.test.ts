import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ID = 'copy-from-missing-artifact';
const builder = (build = 'RUN CGO_ENABLED=0 go build -o server .') => ['FROM golang:1.22 AS builder', 'WORKDIR /app', 'COPY . .', build];

test('copy-from-missing-artifact: flags the copy of a binary the builder does not write', () => {
  const text = [...builder(), 'FROM alpine:3.20', 'WORKDIR /root/', 'COPY --from=builder /app/main .', 'CMD ["./main"]'].join('\n');
  expectLinesInEveryForm(ID, text, [6]);
  const [finding] = findingsOf(ID, text);
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.range, { start: { line: 6, character: 20 }, end: { line: 6, character: 29 } });
  assert.match(finding.message, /builds its binary at \/app\/server, not \/app\/main/);
  assert.equal(finding.related?.[0].range.start.line, 3);
  // The copied name is the one go build gives without -o (the -o was added later).
  const renamed = [...builder('RUN go build \\\n    -o bin/api ./cmd/api'), 'FROM scratch', 'COPY --from=builder /app/api /usr/local/bin/api', 'ENTRYPOINT ["api"]'].join('\n');
  expectLinesInEveryForm(ID, renamed, [6]);
});

test('copy-from-missing-artifact: silent for the right path, folders, globs and other files', () => {
  const ok = [
    'COPY --from=builder /app/server /server\nENTRYPOINT ["/server"]',
    'COPY --from=builder /app/ /srv/\nENTRYPOINT ["/srv/server"]',
    'COPY --from=builder /app/serv* /\nENTRYPOINT ["/server"]',
    'COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/\nCOPY --from=builder /app/server /server\nENTRYPOINT ["/server"]',
    'COPY --from=builder /app/config.yaml /config.yaml\nCOPY --from=builder /app/server /server\nENTRYPOINT ["/server"]',
  ];
  for (const tail of ok) expectLinesInEveryForm(ID, [...builder(), 'FROM scratch', tail].join('\n'), []);
  // Something else may have produced the file: another go build, mv/cp, make, a script, a copy from elsewhere.
  for (const extra of ['RUN go build -o tool ./cmd/tool', 'RUN mv server main', 'RUN make', 'RUN ./build.sh', 'COPY --from=tools /bin/main /app/main']) {
    expectLinesInEveryForm(ID, [...builder(), extra, 'FROM scratch', 'COPY --from=builder /app/main /main', 'ENTRYPOINT ["/main"]'].join('\n'), []);
  }
  // The context itself has a file of that name, copied in by COPY . .
  const fromContext = [...builder(), 'FROM scratch', 'COPY --from=builder /app/main /main', 'ENTRYPOINT ["/main"]'].join('\n');
  expectLinesInEveryForm(ID, fromContext, [], { files: { main: 'prebuilt' } });
  expectLinesInEveryForm(ID, fromContext, [3 + 2]);
});

test('copy-from-missing-artifact: the fix copies the real output and keeps the expected name', () => {
  const text = [...builder(), 'FROM alpine:3.20', 'WORKDIR /root/', 'COPY --from=builder /app/main .', 'CMD ["./main"]', ''].join('\n');
  assert.deepEqual(expectFixClears(ID, text), [text.replace('COPY --from=builder /app/main .', 'COPY --from=builder /app/server ./main')]);
  const explicit = [...builder(), 'FROM scratch', 'COPY --from=builder /app/main /main', 'ENTRYPOINT ["/main"]', ''].join('\n');
  assert.deepEqual(expectFixClears(ID, explicit), [explicit.replace('/app/main /main', '/app/server /main')]);
  expectFixClearsInEveryForm(ID, text);
});

test('copy-from-missing-artifact: the JSON form of COPY is not judged', () => {
  const text = [...builder(), 'FROM scratch', 'COPY --from=builder ["/app/main", "/main"]', 'ENTRYPOINT ["/main"]'].join('\n');
  expectLinesInEveryForm(ID, text, []);
});

test('copy-from-missing-artifact: the default name comes from the module path, else the folder', () => {
  const text = [...builder('RUN go build -o bin/server .'), 'FROM scratch', 'COPY --from=builder /app/shop /shop', 'HEALTHCHECK NONE'].join('\n');
  expectLinesInEveryForm(ID, text, [5], { files: { 'go.mod': 'module example.com/shop\n\ngo 1.22\n' } });
  expectLinesInEveryForm(ID, text, [], { files: { 'go.mod': 'module example.com/other\n\ngo 1.22\n' } });
  expectLinesInEveryForm(ID, text.replace('/app/shop /shop', '/app/app /app'), [5]);
});

test('copy-from-missing-artifact: a destination directory that exists keeps the copied name', () => {
  // /usr/local/bin exists in alpine, so the file lands at /usr/local/bin/main: the fix names it.
  const text = [...builder(), 'FROM alpine:3.20', 'COPY --from=builder /app/main /usr/local/bin', 'ENTRYPOINT ["main"]', ''].join('\n');
  assert.deepEqual(expectFixClears(ID, text), [text.replace('/app/main /usr/local/bin', '/app/server /usr/local/bin/main')]);
  // In scratch nothing exists at /main: it is the file name.
  const scratch = [...builder(), 'FROM scratch', 'COPY --from=builder /app/main /main', 'ENTRYPOINT ["/main"]', ''].join('\n');
  assert.deepEqual(expectFixClears(ID, scratch), [scratch.replace('/app/main /main', '/app/server /main')]);
});
