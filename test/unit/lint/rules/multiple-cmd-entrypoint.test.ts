import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('multiple-cmd-entrypoint: earlier CMD/ENTRYPOINT/HEALTHCHECK of a stage are flagged, the last wins', () => {
  const text = [
    'FROM golang:1.22 AS build', 'CMD ["a"]', 'CMD ["b"]',
    'FROM alpine:3.20', 'ENTRYPOINT ["/x"]', 'HEALTHCHECK CMD ["/x", "health"]', 'CMD ["serve", \\', '    "--port=80"]',
    'ENTRYPOINT ["/app"]', 'HEALTHCHECK NONE', 'CMD ["serve"]',
  ].join('\n');
  expectLinesInEveryForm('multiple-cmd-entrypoint', text, [1, 4, 5, 6]);
  const [first] = findingsOf('multiple-cmd-entrypoint', text);
  assert.match(first.message, /line 3 wins/);
  assert.equal(first.related?.[0].range.start.line, 2);
});

test('multiple-cmd-entrypoint: one of each per stage is fine', () => {
  expectLinesInEveryForm('multiple-cmd-entrypoint', 'FROM a:1 AS b\nCMD ["a"]\nFROM a:1\nCMD ["b"]\nENTRYPOINT ["c"]\nONBUILD CMD ["d"]\n', []);
});

test('multiple-cmd-entrypoint: the fix removes the earlier instruction with its continuation lines', () => {
  const text = 'FROM alpine:3.20\nCMD ["serve", \\\n    "--port=80"]\nCMD ["serve"]\n';
  assert.deepEqual(expectFixClears('multiple-cmd-entrypoint', text), ['FROM alpine:3.20\nCMD ["serve"]\n']);
  expectFixClearsInEveryForm('multiple-cmd-entrypoint', text);
});
