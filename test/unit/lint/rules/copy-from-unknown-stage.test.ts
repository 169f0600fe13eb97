import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const STAGES = 'FROM golang:1.22 AS builder\nRUN CGO_ENABLED=0 go build -o /app .\n';

test('copy-from-unknown-stage: typos of a stage name, self references, indexes out of range, invalid names', () => {
  const text = STAGES + [
    'FROM gcr.io/distroless/static-debian12 AS runtime',
    'COPY --from=buidler /app /app',
    'COPY --from=runtime /x /x',
    'COPY --from=7 /x /x',
    'RUN --mount=from=bulder,target=/b true',
    'COPY --from=Not_Valid! /x /x',
  ].join('\n');
  expectLinesInEveryForm('copy-from-unknown-stage', text, [3, 4, 5, 6, 7]);
  const [typo, self, index] = findingsOf('copy-from-unknown-stage', text);
  assert.deepEqual(typo.range, { start: { line: 3, character: 12 }, end: { line: 3, character: 19 } });
  assert.match(typo.message, /did you mean stage "builder"/);
  assert.match(self.message, /stage it is in/);
  assert.match(index.message, /only 2 stages/);
  const [alone] = findingsOf('copy-from-unknown-stage', 'FROM scratch\nCOPY --from=1 /x /x\n');
  assert.match(alone.message, /there is only 1 stage \(0–0\)/);
});

test('copy-from-unknown-stage: stages by name, case or index, and real images are fine', () => {
  const text = STAGES + [
    'FROM scratch',
    'COPY --from=builder /app /app',
    'COPY --from=BUILDER /app /app2',
    'COPY --from=0 /app /app3',
    'COPY --from=busybox:1.36 /bin/busybox /busybox',
    'COPY --from=busybox /bin/busybox /busybox2',
    'COPY --from=gcr.io/distroless/base@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef /x /x',
    'ARG SRC=builder',
    'COPY --from=${SRC} /app /app4',
  ].join('\n');
  expectLinesInEveryForm('copy-from-unknown-stage', text, []);
});

test('copy-from-unknown-stage: the fix picks the closest stage name', () => {
  const text = STAGES + 'FROM scratch\nCOPY --from=buidler /app /app\n';
  assert.deepEqual(expectFixClears('copy-from-unknown-stage', text), [STAGES + 'FROM scratch\nCOPY --from=builder /app /app\n']);
  expectFixClearsInEveryForm('copy-from-unknown-stage', text);
});
