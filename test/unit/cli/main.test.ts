import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { DIST } from '../../helpers/paths';

const CLI = path.resolve(DIST, 'cli.js');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

test('--version prints the package version', () => {
  const result = run('--version');
  assert.equal(result.status, 0);
  assert.equal(result.stdout.trim(), require('../../../package.json').version);
});

test('--help describes the program and exits 0', () => {
  const result = run('--help');
  assert.equal(result.status, 0);
  assert.match(result.stdout, /Usage: dockscope/);
});

test('an unknown option is a usage error (exit 2)', () => {
  const result = run('--bogus');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /unknown option/);
});

test('the bundle starts with a node shebang so npm can link it as a bin', () => {
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  assert.match(readFileSync(CLI, 'utf8'), /^#!\/usr\/bin\/env node\n/);
});
