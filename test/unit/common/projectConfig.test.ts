// The one project-config finder: where it looks, what wins, where it stops, and how a bad file
// is reported (one line, never the file's content).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { findConfigFile, readConfigDocument } from '../../../common/projectConfig';
import { readTextFile } from '../../../common/files';

test('the config is found in the folder or a parent up to the repository root', () => {
  const root = mkdtempSync(join(tmpdir(), 'dockscope-config-'));
  const nested = join(root, 'a', 'b');
  mkdirSync(nested, { recursive: true });
  writeFileSync(join(root, '.dockscope.yaml'), 'layers:\n  highestWastedBytes: 5MB\n');
  const found = findConfigFile(nested, readTextFile, { hadolint: false });
  assert.deepEqual(found, { path: join(root, '.dockscope.yaml'), kind: 'dockscope', text: 'layers:\n  highestWastedBytes: 5MB\n' });
  assert.deepEqual(readConfigDocument(found!.path, found!.text), { data: { layers: { highestWastedBytes: '5MB' } }, problem: null });
  writeFileSync(join(nested, '.dockscope.yml'), '');
  assert.equal(findConfigFile(nested, readTextFile, { hadolint: false })?.path, join(nested, '.dockscope.yml'));
  assert.deepEqual(readConfigDocument(join(nested, '.dockscope.yml'), ''), { data: {}, problem: null });
  // The search stops at the repository root.
  mkdirSync(join(root, 'a', '.git'));
  assert.equal(findConfigFile(join(root, 'a'), readTextFile, { hadolint: false }), undefined);
});

test('a Dockscope file up to the root wins over a nearer hadolint file, which is used only when asked for', () => {
  const root = mkdtempSync(join(tmpdir(), 'dockscope-config-'));
  mkdirSync(join(root, '.git'));
  mkdirSync(join(root, 'svc'));
  writeFileSync(join(root, 'svc', '.hadolint.yaml'), 'ignored: [DL3008]\n');
  assert.equal(findConfigFile(join(root, 'svc'), readTextFile, { hadolint: true })?.kind, 'hadolint');
  assert.equal(findConfigFile(join(root, 'svc'), readTextFile, { hadolint: false }), undefined);
  writeFileSync(join(root, '.dockscope.yml'), 'rules: {}\n');
  assert.equal(findConfigFile(join(root, 'svc'), readTextFile, { hadolint: true })?.path, join(root, '.dockscope.yml'));
});

test('bad YAML and a top level that is not a mapping are one-line problems without the file\'s content', () => {
  const secret = 'aws_secret_access_key = abc123';
  const bad = readConfigDocument('/x/.dockscope.yml', `layers: [unclosed\n${secret}\n`);
  assert.match(bad.problem!, /^\/x\/\.dockscope\.yml: not valid YAML \(/);
  assert.ok(!bad.problem!.includes('\n') && !bad.problem!.includes('abc123'));
  assert.deepEqual(readConfigDocument('/x/.dockscope.yml', '- a\n- b\n'), { data: {}, problem: '/x/.dockscope.yml: expected a mapping at the top level' });
});

test('a config that is there but not a regular file is reported, not read and not skipped for the next one', () => {
  const root = mkdtempSync(join(tmpdir(), 'dockscope-config-fifo-'));
  try {
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, '.hadolint.yaml'), 'ignored: [DL3008]\n');
    spawnSync('mkfifo', [join(root, '.dockscope.yaml')]);
    const found = findConfigFile(root, readTextFile, { hadolint: true });
    assert.equal(found?.path, join(root, '.dockscope.yaml'));
    assert.equal(found?.problem, `${join(root, '.dockscope.yaml')}: not a regular file; ignored`);
    assert.equal(found?.text, '');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
