import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const BUILD = 'FROM golang:1.22 AS build\nWORKDIR /src\nRUN CGO_ENABLED=0 go build -o /out/api ./cmd/api\n';

test('entrypoint-missing-binary: the program is not among the files copied into the image', () => {
  const text = BUILD + [
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=build /out/api /app/api',
    'ENTRYPOINT ["/app/server"]',
    'FROM scratch',
    'WORKDIR /srv',
    'COPY --from=build /out/api .',
    'CMD ["./server", "--port", "8080"]',
  ].join('\n');
  expectLinesInEveryForm('entrypoint-missing-binary', text, [5, 9]);
  const [first, second] = findingsOf('entrypoint-missing-binary', text);
  assert.equal(first.severity, 'error');
  assert.deepEqual(first.range, { start: { line: 5, character: 12 }, end: { line: 5, character: 25 } });
  assert.match(second.message, /\/srv\/server/);
  assert.equal(first.related?.[0].range.start.line, 4);
});

test('entrypoint-missing-binary: silent when copied (file, folder, inherited), for PATH names, variables and non-empty images', () => {
  const text = BUILD + [
    'FROM scratch AS a',
    'COPY --from=build /out/api /app/api',
    'ENTRYPOINT ["/app/api"]',
    'FROM scratch AS b',
    'COPY --from=build /out/ /app/',
    'ENTRYPOINT ["/app/whatever"]',
    'FROM scratch AS c',
    'WORKDIR /app',
    'COPY --from=build /out/api ./',
    'CMD ["./api"]',
    'FROM a AS d',
    'CMD ["--help"]',
    'FROM scratch AS e',
    'COPY bin /usr/local/bin',
    'ENTRYPOINT ["/usr/local/bin/tool"]',
    'FROM gcr.io/distroless/java17-debian12 AS f',
    'ENTRYPOINT ["/usr/bin/java", "-jar", "/app.jar"]',
    'FROM scratch AS g',
    'ENTRYPOINT ["server"]',
    'FROM alpine:3.20 AS h',
    'ENTRYPOINT ["/usr/local/bin/app"]',
    'FROM scratch',
    'COPY --from=build /out/api /api',
    'ENTRYPOINT ["$APP"]',
  ].join('\n');
  expectLinesInEveryForm('entrypoint-missing-binary', text, []);
});

test('entrypoint-missing-binary: a `.` or directory destination keeps the file name, inside the WORKDIR', () => {
  // The operator-scaffold shape: the binary lands at /manager through `WORKDIR /` and `.`.
  const operator = [
    'FROM golang:1.23 AS builder',
    'WORKDIR /workspace',
    'RUN CGO_ENABLED=0 go build -a -o manager cmd/main.go',
    'FROM gcr.io/distroless/static:nonroot',
    'WORKDIR /',
    'COPY --from=builder /workspace/manager .',
    'USER 65532:65532',
    'ENTRYPOINT ["/manager"]',
  ].join('\n');
  expectLinesInEveryForm('entrypoint-missing-binary', operator, []);
  // `./main` next to the binary copied into the WORKDIR, also when a later WORKDIR line repeats it.
  const relative = [
    'FROM golang:1.23 AS builder',
    'WORKDIR /app',
    'RUN go build -o main .',
    'FROM scratch',
    'WORKDIR /app',
    'COPY --from=builder /app/main .',
    'CMD ["./main"]',
    'FROM scratch AS into-workdir',
    'WORKDIR /srv',
    'COPY --from=builder /app/main /srv',
    'ENTRYPOINT ["/srv/main"]',
    'FROM scratch AS parent-dir',
    'WORKDIR /srv/bin',
    'COPY --from=builder /app/main ..',
    'ENTRYPOINT ["/srv/main"]',
  ].join('\n');
  expectLinesInEveryForm('entrypoint-missing-binary', relative, []);
});

test('entrypoint-missing-binary: a relative program runs from the last WORKDIR, not the one at CMD', () => {
  const text = [
    'FROM golang:1.23 AS builder',
    'RUN go build -o /out/main .',
    'FROM scratch',
    'WORKDIR /app',
    'COPY --from=builder /out/main .',
    'CMD ["./main"]',
    'WORKDIR /data',
  ].join('\n');
  expectLinesInEveryForm('entrypoint-missing-binary', text, [5]);
  assert.match(findingsOf('entrypoint-missing-binary', text)[0].message, /\/data\/main/);
});
