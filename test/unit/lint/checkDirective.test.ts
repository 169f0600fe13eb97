import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCheckOptions } from '../../../lint/checkDirective';
import { lintText } from '../../helpers/lint';

test('check options are read as BuildKit reads them; a value BuildKit rejects sets nothing', () => {
  assert.deepEqual(parseCheckOptions('skip=A, B;experimental=all;error=true'),
    { skipAll: false, skip: ['A', 'B'], experimentalAll: true, experimental: [], error: true });
  assert.equal(parseCheckOptions('skip=all').skipAll, true);
  assert.deepEqual(parseCheckOptions('experimental=InvalidDefinitionDescription').experimental, ['InvalidDefinitionDescription']);
  assert.equal(parseCheckOptions('error=1').error, true);
  assert.equal(parseCheckOptions('error=False').error, false);
  assert.deepEqual(parseCheckOptions('skip=A;error=yes').skip, [], 'error=yes is not a Go boolean: BuildKit rejects the value');
  assert.deepEqual(parseCheckOptions('skip=A;loud=1').skip, []);
  assert.deepEqual(parseCheckOptions('skip').skip, []);
});

const DESCRIBED = '# check=DIRECTIVE\n\n# builds the app\nFROM alpine:3.20 AS build\n';
const ids = (text: string) => lintText(text).findings.map((finding) => finding.rule.meta.id);

test('# check=experimental= turns on the experimental check InvalidDefinitionDescription for the file', () => {
  assert.ok(!ids(DESCRIBED.replace('DIRECTIVE', 'skip=none')).includes('invalid-definition-description'));
  assert.ok(ids(DESCRIBED.replace('DIRECTIVE', 'experimental=InvalidDefinitionDescription')).includes('invalid-definition-description'));
  assert.ok(ids(DESCRIBED.replace('DIRECTIVE', 'experimental=all')).includes('invalid-definition-description'));
  assert.ok(!ids(DESCRIBED.replace('DIRECTIVE', 'experimental=UndefinedVar')).includes('invalid-definition-description'));
  // skip=all leaves experimental checks alone, as in BuildKit.
  assert.ok(ids(DESCRIBED.replace('DIRECTIVE', 'skip=all;experimental=all')).includes('invalid-definition-description'));
  // A level from settings still wins.
  const off = lintText(DESCRIBED.replace('DIRECTIVE', 'experimental=all'), { settings: { rules: { 'invalid-definition-description': 'off' } } });
  assert.ok(!off.findings.some((finding) => finding.rule.meta.id === 'invalid-definition-description'));
});

test('# check=error=true makes the findings of BuildKit checks errors (BuildKit fails the build), not Dockscope\'s own', () => {
  const text = '# check=error=true\nfrom alpine:3.20 AS Build\nRUN apk add git\n';
  const findings = lintText(text).findings;
  const casing = findings.find((finding) => finding.rule.meta.id === 'stage-name-casing')!;
  assert.equal(casing.severity, 'error');
  assert.match(casing.message, /check=error=true/);
  assert.equal(findings.find((finding) => finding.rule.meta.id === 'apk-no-cache')!.severity, 'warning');
  const skipped = lintText('# check=error=true;skip=StageNameCasing\nFROM alpine:3.20 AS Build\n').findings;
  assert.ok(!skipped.some((finding) => finding.rule.meta.id === 'stage-name-casing'));
  const plain = lintText('FROM alpine:3.20 AS Build\n').findings.find((finding) => finding.rule.meta.id === 'stage-name-casing')!;
  assert.notEqual(plain.severity, 'error');
});
