import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LINT_SETTINGS, toLintSettings } from '../../../common/settings';

test('missing or malformed settings fall back to the defaults', () => {
  assert.deepEqual(toLintSettings(undefined), DEFAULT_LINT_SETTINGS);
  assert.deepEqual(toLintSettings('nonsense'), DEFAULT_LINT_SETTINGS);
  assert.deepEqual(toLintSettings({ enable: 'yes', rules: 7, buildContext: 3 }), DEFAULT_LINT_SETTINGS);
});

test('rule levels are kept only when they are known levels', () => {
  const settings = toLintSettings({ rules: { 'user-root': 'error', 'consecutive-run': 'off', bogus: 'loud', other: 3 } });
  assert.deepEqual(settings.rules, { 'user-root': 'error', 'consecutive-run': 'off' });
});

test('valid values pass through', () => {
  assert.deepEqual(toLintSettings({ enable: false, rules: {}, buildContext: '/src' }), { enable: false, rules: {}, buildContext: '/src' });
});
