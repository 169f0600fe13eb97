// `dockscope lint --fix` / `--fix-dry-run` below the command line: what is written, what a dry run
// prints, and that the diff it prints is the same change --fix makes.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fixFiles } from '../../../cli/fixFiles';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dockscope-fix-'));
  process.chdir(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  const root = join(dir, name);
  mkdirSync(root, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('--fix writes the fixed Dockerfile and reports only what is left', () => {
  const root = project('plain', { Dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get install curl\nCMD node server.js\n' });
  const [outcome] = fixFiles([join(root, 'Dockerfile')], {}, { dryRun: false });
  const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
  assert.match(text, /apt-get install -y /);
  assert.match(text, /CMD \["node", "server\.js"\]/);
  assert.ok(outcome.summary.some((line) => line.includes('apt-missing-yes')), outcome.summary.join('\n'));
  assert.ok(!outcome.findings?.some((finding) => finding.rule.meta.id === 'apt-missing-yes'), 'the fixed finding is not reported again');
  assert.equal(outcome.diff, '');
});

test('CRLF files keep their line breaks, continuation lines and heredocs stay intact', () => {
  const original = 'FROM debian:12\r\nRUN apt-get update \\\r\n && apt-get install \\\r\n    curl\r\nRUN <<EOF\r\necho hi\r\nEOF\r\nCMD node server.js\r\n';
  const root = project('crlf', { Dockerfile: original });
  fixFiles([join(root, 'Dockerfile')], {}, { dryRun: false });
  const text = readFileSync(join(root, 'Dockerfile'), 'utf8');
  assert.notEqual(text, original);
  assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, JSON.stringify(text));
  assert.match(text, /RUN <<EOF\r\necho hi\r\nEOF\r\n/);
  assert.match(text, /apt-get install -y /);
});

test('a dry run changes nothing and its diff applied with patch equals what --fix writes', (t) => {
  if (spawnSync('patch', ['--version']).status !== 0) return t.skip('GNU patch is not installed');
  const files = { Dockerfile: 'FROM debian:12\nRUN apt-get update && apt-get install curl\nCOPY . /app\nCMD node /app/server.js\n', 'package.json': '{}\n', '.dockerignore': 'node_modules' };
  const dry = project('dry', files);
  const real = project('real', files);
  const [planned] = fixFiles([join(dry, 'Dockerfile')], {}, { dryRun: true });
  assert.equal(readFileSync(join(dry, 'Dockerfile'), 'utf8'), files.Dockerfile, 'the dry run wrote nothing');
  assert.match(planned.diff, /^--- a\//m);
  fixFiles([join(real, 'Dockerfile')], {}, { dryRun: false });
  // Paths in the diff are relative to the working folder, as in `git diff`.
  assert.match(planned.diff, /^\+\+\+ b\/dry\/Dockerfile$/m);
  const applied = spawnSync('patch', ['-p1', '--quiet'], { cwd: dir, input: planned.diff, encoding: 'utf8' });
  assert.equal(applied.status, 0, applied.stderr + applied.stdout);
  for (const name of ['Dockerfile', '.dockerignore']) {
    assert.equal(readFileSync(join(dry, name), 'utf8'), readFileSync(join(real, name), 'utf8'), name);
  }
});

test('a file that cannot be read is an outcome without findings, not a crash', () => {
  const [outcome] = fixFiles([join(dir, 'missing', 'Dockerfile')], {}, { dryRun: false });
  assert.equal(outcome.findings, null);
  assert.match(outcome.messages[0], /cannot read/);
  assert.equal(existsSync(join(dir, 'missing')), false);
});
