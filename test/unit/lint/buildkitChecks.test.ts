// The BuildKit check names, and every rule alias that looks like one being one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUILDKIT_CHECKS, isBuildKitCheck } from '../../../lint/buildkitChecks';
import { RULES } from '../../../lint/rules/catalog';

test('22 distinct check names, and no hadolint code among them', () => {
  assert.equal(new Set(BUILDKIT_CHECKS).size, 22);
  assert.equal(isBuildKitCheck('JSONArgsRecommended'), true);
  assert.equal(isBuildKitCheck('DL3025'), false);
  assert.equal(isBuildKitCheck('jsonargsrecommended'), false);
});

test('every rule alias is a hadolint code or a real BuildKit check name', () => {
  for (const rule of RULES) {
    for (const alias of rule.meta.aliases) assert.ok(/^DL\d{4}$/.test(alias) || isBuildKitCheck(alias), `${rule.meta.id}: ${alias}`);
  }
});
