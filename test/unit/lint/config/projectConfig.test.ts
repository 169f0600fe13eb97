import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { configFromText, findProjectConfig, parseFailLevel } from '../../../../lint/config/projectConfig';
import { RULES } from '../../../../lint/rules/catalog';
import { lintText } from '../../../helpers/lint';

const TEXT = 'FROM alpine\nRUN apk add git\n';
const levelsOf = (options: Parameters<typeof lintText>[1]) =>
  Object.fromEntries(lintText(TEXT, options).findings.filter((f) => /apk|base-image/.test(f.rule.meta.id)).map((f) => [f.rule.meta.id, f.severity]));

test('defaults, then .dockscope.yaml, then the editor setting', () => {
  assert.deepEqual(levelsOf({}), { 'base-image-unpinned': 'warning', 'apk-no-cache': 'warning' });
  const files = { '.dockscope.yaml': 'rules:\n  apk-no-cache: error\n  base-image-unpinned: off\n' };
  assert.deepEqual(levelsOf({ files }), { 'apk-no-cache': 'error' });
  assert.deepEqual(levelsOf({ files, settings: { rules: { 'apk-no-cache': 'hint', 'base-image-unpinned': 'info' } } }), { 'apk-no-cache': 'hint', 'base-image-unpinned': 'info' });
});

test('.hadolint.yaml ignored/override map through aliases', () => {
  const files = { '.hadolint.yaml': 'ignored:\n  - DL3006\noverride:\n  error: [DL3019]\n  style: [DL3059]\n' };
  assert.deepEqual(levelsOf({ files }), { 'apk-no-cache': 'error' });
  const config = configFromText('/x/.hadolint.yaml', files['.hadolint.yaml'], RULES);
  assert.equal(config.levels['consecutive-run'], 'hint');
});

test('trustedRegistries and the fail level: hadolint\'s keys in .hadolint.yaml, ours in .dockscope.yaml', () => {
  const hadolint = configFromText('/x/.hadolint.yaml', 'trustedRegistries: [Docker.io, "*.corp"]\nfailure-threshold: style\nstrict-labels: true\n', RULES);
  assert.deepEqual([hadolint.trustedRegistries, hadolint.failLevel, hadolint.problems], [['docker.io', '*.corp'], 'hint', []]);
  const ours = configFromText('/x/.dockscope.yaml', 'trusted-registries: [ghcr.io]\nfailLevel: warning\n', RULES);
  assert.deepEqual([ours.trustedRegistries, ours.failLevel], [['ghcr.io'], 'warning']);
  const none = configFromText('/x/.dockscope.yaml', 'rules: {}\n', RULES);
  assert.deepEqual([none.trustedRegistries, none.failLevel], [undefined, undefined]);
  const bad = configFromText('/x/.hadolint.yaml', 'trustedRegistries: docker.io\nfailure-threshold: loud\n', RULES);
  assert.deepEqual([bad.trustedRegistries, bad.failLevel, bad.problems.length], [undefined, undefined, 2]);
  assert.equal(configFromText('/x/.hadolint.yaml', 'failure-threshold: info\nno-fail: true\n', RULES).failLevel, 'none');
  assert.deepEqual(['error', 'style', 'ignore', 'none', 'hint', 'loud'].map(parseFailLevel), ['error', 'hint', 'none', 'none', 'hint', null]);
});

test('config problems are reported, not thrown', () => {
  assert.match(configFromText('/x/.dockscope.yaml', 'rules: [', RULES).problems[0], /not valid YAML/);
  const config = configFromText('/x/.dockscope.yaml', 'rules:\n  nope: off\n  apk-no-cache: loud\n  sudo: off\n', RULES);
  assert.deepEqual(config.levels, { sudo: 'off' });
  assert.equal(config.problems.length, 2);
});

const root = mkdtempSync(join(tmpdir(), 'dockscope-config-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('a config of the wrong shape is said so in one line naming the file, never quoting it', () => {
  const secret = 'aws_secret_access_key';
  const problemsOf = (name: string, text: string) => configFromText(`/x/${name}`, text, RULES).problems;
  assert.deepEqual(problemsOf('.hadolint.yaml', `ignored: DL3006 ${secret}\n`), ['/x/.hadolint.yaml: "ignored" must be a list of rule codes (it is a string); ignored']);
  assert.deepEqual(problemsOf('.hadolint.yaml', `override:\n  - ${secret}\n`),
    ['/x/.hadolint.yaml: "override" must be a map of level (error, warning, info, style) to rule codes (it is a list); ignored']);
  assert.deepEqual(problemsOf('.hadolint.yaml', `override:\n  error: ${secret}\n`), ['/x/.hadolint.yaml: "override.error" must be a list of rule codes (it is a string); ignored']);
  // The rest of the file still applies.
  assert.deepEqual(configFromText('/x/.hadolint.yaml', 'ignored: DL3006\noverride:\n  error: [DL3019]\n', RULES).levels, { 'apk-no-cache': 'error' });
  for (const text of [`- ${secret}\n- b\n`, `${secret}\n`, '42\n']) {
    assert.deepEqual(problemsOf('.dockscope.yaml', text), ['/x/.dockscope.yaml: expected a mapping at the top level']);
  }
  assert.deepEqual(problemsOf('.dockscope.yaml', `rules: [${secret}]\n`), ['/x/.dockscope.yaml: "rules" must be a map of rule id to level (it is a list); ignored']);
  assert.deepEqual(problemsOf('.hadolint.yaml', 'ignored: []\noverride: {}\n'), []);
});

test('a .dockscope.yaml over the size bound is reported, not passed over for a .hadolint.yaml', () => {
  const dir = join(root, 'oversize');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '.git'), '');
  writeFileSync(join(dir, '.dockscope.yaml'), `# ${'x'.repeat(4 * 1024 * 1024)}\n`);
  writeFileSync(join(dir, '.hadolint.yaml'), 'ignored: [DL3019]\n');
  const config = findProjectConfig(dir, RULES);
  assert.equal(config.path, join(dir, '.dockscope.yaml'));
  assert.deepEqual(config.levels, {});
  assert.deepEqual(config.problems, [`${join(dir, '.dockscope.yaml')}: larger than 4 MiB; ignored`]);
});

test('discovery: nearest .dockscope.yaml upwards, .hadolint.yaml only without one, stops at the repository root', () => {
  mkdirSync(join(root, 'repo', '.git'), { recursive: true });
  writeFileSync(join(root, 'repo', '.git', 'HEAD'), 'ref: refs/heads/main\n');
  mkdirSync(join(root, 'repo', 'svc', 'api'), { recursive: true });
  writeFileSync(join(root, '.dockscope.yaml'), 'rules:\n  sudo: off\n');
  writeFileSync(join(root, 'repo', '.hadolint.yaml'), 'ignored: [DL3004]\n');
  assert.equal(findProjectConfig(join(root, 'repo', 'svc', 'api'), RULES).path, join(root, 'repo', '.hadolint.yaml'));
  writeFileSync(join(root, 'repo', 'svc', '.dockscope.yml'), 'rules:\n  sudo: error\n');
  const found = findProjectConfig(join(root, 'repo', 'svc', 'api'), RULES);
  assert.equal(found.path, join(root, 'repo', 'svc', '.dockscope.yml'));
  assert.deepEqual(found.levels, { sudo: 'error' });
});
