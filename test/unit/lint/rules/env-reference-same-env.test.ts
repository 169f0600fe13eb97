import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('env-reference-same-env: a pair uses a name an earlier pair of the same ENV sets', () => {
  const text = [
    'FROM debian:12',
    'ENV APP_HOME=/srv/app APP_BIN="${APP_HOME}/bin"',
    'ENV PATH=/opt/a:$PATH \\',
    '    PATH=/opt/b:$PATH',
    'ARG VERSION=1',
    'ENV VERSION=2 URL=https://example.com/v$VERSION.tgz',
  ].join('\n');
  expectLinesInEveryForm('env-reference-same-env', text, [1, 3, 5]);
  const [home, path, version] = findingsOf('env-reference-same-env', text);
  assert.equal(home.severity, 'warning');
  assert.deepEqual(home.range, { start: { line: 1, character: 31 }, end: { line: 1, character: 42 } });
  assert.match(home.message, /\$APP_HOME here is empty \(nothing sets it/);
  assert.match(path.message, /\$PATH here is the base image's value/);
  assert.match(version.message, /"1", its value from before this ENV/);
  assert.deepEqual(home.related?.[0].range.start, { line: 1, character: 4 });
});

test('env-reference-same-env: silent on separate ENVs, self references, later pairs, quotes and longer names', () => {
  const text = [
    'FROM debian:12',
    'ENV A=1',
    'ENV B=$A/x',
    'ENV PATH=/opt/bin:$PATH',
    'ENV C=$D D=1',
    "ENV E=1 F='$E'",
    'ENV H=1 I=${HX} J=$HX',
    'ENV K 1 $K',
  ].join('\n');
  expectLinesInEveryForm('env-reference-same-env', text, []);
});

test('env-reference-same-env: the fix splits the ENV before the pair that needs the new value', () => {
  assert.deepEqual(expectFixClears('env-reference-same-env', 'FROM debian:12\nENV A=1 B=$A C=2 D=$C\n')[0],
    'FROM debian:12\nENV A=1\nENV B=$A C=2\nENV D=$C\n');
  expectFixClearsInEveryForm('env-reference-same-env', 'FROM debian:12\nENV A=1 \\\n    B=$A/x\n');
  assert.equal(findingsOf('env-reference-same-env', 'FROM debian:12\nENV A=1 B=$A\n')[0].fixes?.[0].safe, undefined);
});

test('env-reference-same-env: ONBUILD ENV is checked, without a fix', () => {
  const [finding] = findingsOf('env-reference-same-env', 'FROM debian:12\nONBUILD ENV A=1 B=$A\n');
  assert.equal(finding.range.start.line, 1);
  assert.equal(finding.fixes, undefined);
});
