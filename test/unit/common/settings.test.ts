// The settings flow's one definition: validation of every section, and package.json agreeing with it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  DEFAULT_EDITOR_SETTINGS, DEFAULT_LINT_SETTINGS, DUPLICATES_MODES, LANGUAGE_FEATURES_MODES, LOG_LEVELS, NEIGHBOURS, RULE_LEVELS,
  SETTING_DEFAULTS, SORT_ORDERS, resolveLanguageFeatures, toDockscopeSettings, toEditorSettings, toLintSettings,
} from '../../../common/settings';
import { REPO_ROOT } from '../../helpers/paths';

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
  assert.deepEqual(toLintSettings({ enable: false, rules: {}, buildContext: '/src' }), { enable: false, rules: {}, buildContext: '/src', duplicates: 'hide', neighbours: [], shellcheck: 'shellcheck' });
  assert.equal(toLintSettings({ shellcheck: '/opt/shellcheck' }).shellcheck, '/opt/shellcheck');
  assert.equal(toLintSettings({ shellcheck: 'off' }).shellcheck, 'off');
  assert.equal(toLintSettings({ shellcheck: 7 }).shellcheck, 'shellcheck', 'not a string: the default');
});

test('package.json declares exactly the settings the code reads, with the same defaults and choices', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown; enum?: unknown[]; additionalProperties?: { enum?: unknown[] } }>;
  assert.deepEqual(Object.keys(properties).sort(), Object.keys(SETTING_DEFAULTS).map((key) => `dockscope.${key}`).sort());
  for (const [key, value] of Object.entries(SETTING_DEFAULTS)) assert.deepEqual(properties[`dockscope.${key}`].default, value, key);
  assert.deepEqual(properties['dockscope.rules'].additionalProperties?.enum, RULE_LEVELS);
  assert.deepEqual(properties['dockscope.layers.sortBy'].enum, SORT_ORDERS);
  assert.deepEqual(properties['dockscope.logLevel'].enum, LOG_LEVELS);
  assert.deepEqual(properties['dockscope.lint.duplicates'].enum, DUPLICATES_MODES);
  assert.deepEqual(properties['dockscope.editor.languageFeatures'].enum, LANGUAGE_FEATURES_MODES);
});

test('duplicates and neighbours: known values only, each neighbour once', () => {
  const settings = toLintSettings({ duplicates: 'show', neighbours: ['docker-dx', 'vim', 'docker-dx', 3, 'container-tools'] });
  assert.equal(settings.duplicates, 'show');
  assert.deepEqual(settings.neighbours, ['docker-dx', 'container-tools']);
  assert.equal(toLintSettings({ duplicates: 'maybe' }).duplicates, 'hide');
  assert.deepEqual(Object.values(NEIGHBOURS).map((n) => n.extensionId).sort(), ['docker.docker', 'ms-azuretools.vscode-containers', 'ms-azuretools.vscode-docker']);
});

test('language features: auto is on alone and off next to a neighbour; on and off are absolute', () => {
  assert.equal(resolveLanguageFeatures('auto', []), true);
  assert.equal(resolveLanguageFeatures('auto', ['docker-dx']), false);
  assert.equal(resolveLanguageFeatures('on', ['docker-dx', 'container-tools']), true);
  assert.equal(resolveLanguageFeatures('off', []), false);
  assert.deepEqual(toEditorSettings({ languageFeatures: false }), { languageFeatures: false });
  assert.deepEqual(toEditorSettings({ languageFeatures: 'auto' }), DEFAULT_EDITOR_SETTINGS);
  assert.equal(toDockscopeSettings((key) => (key === 'editor.languageFeatures' ? 'sometimes' : undefined)).editor.languageFeatures, 'auto');
});

test('every section falls back to its default on missing or malformed values', () => {
  assert.deepEqual(toDockscopeSettings(() => undefined), {
    lint: DEFAULT_LINT_SETTINGS, docker: { host: '', timeoutSeconds: 60, tlsVerify: true, tlsCaCert: '', tlsCert: '', tlsKey: '' }, layers: { sortBy: 'created', showDangling: false },
    build: { network: 'default', historySize: 10 }, inlineHints: { enable: true }, editor: { languageFeatures: 'auto' }, logLevel: 'info',
  });
  const odd: Record<string, unknown> = { 'docker.host': ' tcp://h:2376 ', 'docker.tlsVerify': 'no', 'docker.tlsCert': 7, 'docker.tlsKey': ' /k.pem ', 'layers.sortBy': 'color', 'build.network': '  ', 'build.historySize': 1e9, logLevel: 'verbose', 'inlineHints.enable': 'no' };
  const settings = toDockscopeSettings((key) => odd[key]);
  assert.deepEqual([settings.docker.host, settings.layers.sortBy, settings.build.network, settings.build.historySize, settings.logLevel, settings.inlineHints.enable],
    ['tcp://h:2376', 'created', 'default', 100, 'info', true]);
  // The Docker timeout: a number of seconds, at least one; anything else is the default.
  const timeout = (value: unknown) => toDockscopeSettings((key) => (key === 'docker.timeoutSeconds' ? value : undefined)).docker.timeoutSeconds;
  assert.deepEqual([timeout(300), timeout(0.01), timeout(-5), timeout('30'), timeout(Number.NaN), timeout(Infinity)], [300, 1, 1, 60, 60, 60]);
  // A malformed tlsVerify keeps verification on; paths are trimmed.
  assert.deepEqual(settings.docker, { host: 'tcp://h:2376', timeoutSeconds: 60, tlsVerify: true, tlsCaCert: '', tlsCert: '', tlsKey: '/k.pem' });
});
