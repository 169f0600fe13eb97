import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('scratch-named-user: a user or group name in scratch without passwd/group files', () => {
  const text = [
    'FROM golang:1.22 AS build',
    'FROM scratch AS base',
    'COPY --from=build /out/server /server',
    'USER appuser',
    'FROM base',
    'USER 1000:staff',
    'USER root',
  ].join('\n');
  expectLinesInEveryForm('scratch-named-user', text, [3, 5, 6]);
  const [first] = findingsOf('scratch-named-user', text);
  assert.equal(first.severity, 'error');
  assert.deepEqual(first.range, { start: { line: 3, character: 5 }, end: { line: 3, character: 12 } });
  expectFixClearsInEveryForm('scratch-named-user', text);
  assert.deepEqual(expectFixClears('scratch-named-user', 'FROM scratch\nUSER 1000:staff\n'), ['FROM scratch\nUSER 1000:65532\n']);
  assert.deepEqual(expectFixClears('scratch-named-user', 'FROM scratch\nUSER app\n'), ['FROM scratch\nUSER 65532:65532\n']);
});

test('scratch-named-user: silent for numeric ids, copied passwd files, distroless and other images', () => {
  const text = [
    'FROM golang:1.22-alpine AS build',
    'RUN adduser -D -u 10001 appuser',
    'USER appuser',
    'FROM scratch',
    'USER 65532:65532',
    'FROM scratch',
    'COPY --from=build /etc/passwd /etc/group /etc/',
    'USER appuser:appuser',
    'FROM scratch',
    'COPY --from=build /etc/passwd /etc/passwd',
    'USER appuser',
    'FROM gcr.io/distroless/static-debian12',
    'USER nonroot:nonroot',
    'FROM scratch',
    'USER $APP_USER',
    'FROM scratch',
    'USER "1000"',
  ].join('\n');
  expectLinesInEveryForm('scratch-named-user', text, []);
});
