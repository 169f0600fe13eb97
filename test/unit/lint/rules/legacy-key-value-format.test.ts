import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('legacy-key-value-format: ENV and LABEL written as "key value"', () => {
  const text = 'FROM scratch\nENV testkey value\nLABEL key value\nENV GREETING hello  world\n';
  expectLinesInEveryForm('legacy-key-value-format', text, [1, 2, 3]);
  const [env] = findingsOf('legacy-key-value-format', text);
  assert.equal(env.severity, 'info');
  assert.deepEqual(env.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 11 } });
  assert.match(env.message, /ENV testkey=value/);
  expectFixClearsInEveryForm('legacy-key-value-format', text);
  assert.deepEqual(expectFixClears('legacy-key-value-format', text), [
    'FROM scratch\nENV testkey=value\nLABEL key value\nENV GREETING hello  world\n',
    'FROM scratch\nENV testkey value\nLABEL key=value\nENV GREETING hello  world\n',
    'FROM scratch\nENV testkey value\nLABEL key value\nENV GREETING="hello  world"\n',
  ]);
});

test('legacy-key-value-format: no fix where quotes or escapes would change the value', () => {
  const [finding] = findingsOf('legacy-key-value-format', 'FROM scratch\nENV MSG "it\'s" here\n');
  assert.deepEqual(finding.fixes, []);
});

test('legacy-key-value-format: key=value is fine', () => {
  expectLinesInEveryForm('legacy-key-value-format', 'FROM scratch\nENV testkey=value A="b c"\nLABEL key=value\nENV EMPTY=\n', []);
});
