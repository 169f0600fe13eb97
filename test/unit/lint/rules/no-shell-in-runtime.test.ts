import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf, linesOf } from '../../../helpers/lint';

const BUILD = 'FROM golang:1.22 AS build\nRUN CGO_ENABLED=0 go build -o /out/server .\n';

test('no-shell-in-runtime: shell forms and RUN in scratch/distroless stages are errors', () => {
  const text = BUILD + [
    'FROM gcr.io/distroless/static-debian12',
    'COPY --from=build /out/server /server',
    'RUN chmod +x /server',
    'HEALTHCHECK --interval=30s CMD /server \\',
    '    -healthcheck',
    'ENTRYPOINT /server --port 8080',
  ].join('\n');
  expectLinesInEveryForm('no-shell-in-runtime', text, [4, 5, 7]);
  const findings = findingsOf('no-shell-in-runtime', text);
  assert.ok(findings.every((f) => f.severity === 'error'));
  assert.deepEqual(findings[2].range, { start: { line: 7, character: 11 }, end: { line: 7, character: 30 } });
  expectFixClearsInEveryForm('no-shell-in-runtime', BUILD + 'FROM scratch\nCOPY --from=build /out/server /server\nCMD /server \\\n    --port 8080\n');
  assert.deepEqual(expectFixClears('no-shell-in-runtime', 'FROM scratch\nCOPY app /app\nHEALTHCHECK --retries=3 CMD /app -health\nCMD exec /app "say \\"hi\\"" \'C:\\dir\'\n'), [
    'FROM scratch\nCOPY app /app\nHEALTHCHECK --retries=3 CMD ["/app", "-health"]\nCMD exec /app "say \\"hi\\"" \'C:\\dir\'\n',
    'FROM scratch\nCOPY app /app\nHEALTHCHECK --retries=3 CMD /app -health\nCMD ["/app", "say \\"hi\\"", "C:\\\\dir"]\n',
  ]);
});

test('no-shell-in-runtime: inherited through FROM <stage>, no fix when the command needs a shell', () => {
  const text = 'FROM scratch AS base\nCOPY app /app\nFROM base\nCMD /app > /log 2>&1\nENTRYPOINT $APP\n';
  assert.deepEqual(linesOf('no-shell-in-runtime', text), [3, 4]);
  assert.ok(findingsOf('no-shell-in-runtime', text).every((f) => !f.fixes?.length));
});

test('no-shell-in-runtime: silent for exec forms, :debug images, other images and copied exec-form RUN', () => {
  const text = BUILD + [
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'COPY --from=build /out/server /server',
    'RUN ["/server", "migrate"]',
    'HEALTHCHECK CMD ["/server", "-healthcheck"]',
    'ENTRYPOINT ["/server"]',
    'FROM gcr.io/distroless/base:debug',
    'RUN echo ok',
    'CMD /server',
    'FROM alpine:3.20',
    'CMD ["/server"]',
  ].join('\n');
  expectLinesInEveryForm('no-shell-in-runtime', text, []);
});

test('no-shell-in-runtime: a CMD that starts with --word is left to syntax (the build stops at the unknown flag)', () => {
  const text = 'FROM scratch\nCOPY app /app\nCMD --doit now\n';
  expectLinesInEveryForm('no-shell-in-runtime', text, []);
  expectLinesInEveryForm('syntax', text, [2]);
});
