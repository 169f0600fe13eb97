import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, findingsOf, linesOf } from '../../../helpers/lint';

test('consistent-instruction-casing: keywords against the majority or in mixed case', () => {
  assert.deepEqual(linesOf('consistent-instruction-casing', 'From scratch as base\nFROM scratch AS base2\n'), [0]);
  assert.deepEqual(linesOf('consistent-instruction-casing', 'FROM scratch\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n'), [1]);
  assert.deepEqual(linesOf('consistent-instruction-casing', 'frOM scratch as base\nfrom scratch as base2\n'), [0]);
  assert.deepEqual(linesOf('consistent-instruction-casing', 'FROM scratch\ncopy a /a\ncopy b /b\ncopy c /c\n'), [0]);
  const [finding] = findingsOf('consistent-instruction-casing', 'from scratch\nCOPY a /a\nCOPY b /b\n');
  assert.equal(finding.severity, 'info');
  assert.deepEqual(finding.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } });
  assert.match(finding.message, /mostly upper case/);
  assert.deepEqual(expectFixClears('consistent-instruction-casing', 'FROM scratch\ncopy a /a\nCOPY b /b\n'), ['FROM scratch\nCOPY a /a\nCOPY b /b\n']);
  assert.deepEqual(expectFixClears('consistent-instruction-casing', 'from alpine\nRun true\nrun false\n'), ['from alpine\nrun true\nrun false\n']);
});

test('consistent-instruction-casing: one casing throughout; global ARGs do not count', () => {
  assert.deepEqual(linesOf('consistent-instruction-casing', 'from scratch\ncopy a /foo\ncopy b /bar\n'), []);
  assert.deepEqual(linesOf('consistent-instruction-casing', 'ARG V=1\nARG W=2\nfrom scratch\ncopy a /foo\n'), []);
  assert.deepEqual(linesOf('consistent-instruction-casing', "FROM alpine\nRUN <<'EOT'\nenv\nEOT\n"), []);
});
