// ShellCheck in `dockscope lint`: choosing the binary from the flags, and the built CLI with the
// real shellcheck (one run for the whole batch, findings merged into each file's report).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { chooseShellcheck } from '../../../cli/shellcheck';
import { DIST } from '../../helpers/paths';
import { shellcheckOrSkip } from '../../helpers/shellcheck';

const CLI = resolve(DIST, 'cli.js');
let dir: string;
const run = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(process.execPath, [CLI, 'lint', ...args], { cwd: dir, encoding: 'utf8', env: { ...env, NO_COLOR: '1' } });

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dockscope-shellcheck-cli-'));
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  writeFileSync(join(dir, 'a', 'Dockerfile'), 'FROM debian:12\nUSER 1000\nRUN echo $missing \\\n  && cd /tmp\n');
  writeFileSync(join(dir, 'b', 'Dockerfile'), 'FROM debian:12\nUSER 1000\n# hadolint ignore=SC2086\nRUN echo $other\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('shellcheck cli: --no-shellcheck never runs it; a named binary that is not there is a usage error', async () => {
  assert.deepEqual(await chooseShellcheck(false), { binary: null, problem: null, note: 'ShellCheck not used (--no-shellcheck)' });
  const missing = await chooseShellcheck('/nonexistent/shellcheck');
  assert.equal(missing.binary, null);
  assert.match(missing.problem ?? '', /--shellcheck \/nonexistent\/shellcheck: not found or not executable/);
  const result = run(['--shellcheck', '/nonexistent/shellcheck', 'a']);
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--shellcheck \/nonexistent\/shellcheck: not found/);
});

test('shellcheck cli: without shellcheck on PATH the lint is silent about it (one line with --verbose)', () => {
  const quiet = run(['--format', 'json', 'a'], { ...process.env, PATH: '/nonexistent' });
  assert.equal(quiet.status, 0, quiet.stderr);
  assert.equal(quiet.stderr, '');
  assert.ok(!quiet.stdout.includes('"SC'), quiet.stdout);
  const verbose = run(['--verbose', 'a'], { ...process.env, PATH: '/nonexistent' });
  assert.equal(verbose.stderr, 'dockscope lint: ShellCheck not used: no shellcheck on PATH\n');
});

test('shellcheck cli: the real shellcheck checks every file in one run; findings join each file\'s report with wiki links in SARIF', async (t) => {
  const binary = await shellcheckOrSkip(t);
  if (!binary) return;
  const result = run(['--format', 'json', '--verbose', '.']);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stderr, /ShellCheck \S+ at \S+ checks RUN scripts\ndockscope lint: ShellCheck checked 2 RUN scripts in \d+ ms\n$/);
  const report = JSON.parse(result.stdout) as { files: Array<{ path: string; findings: Array<{ rule: string; severity: string; line: number; column: number }> }> };
  const found = Object.fromEntries(report.files.map((file) => [file.path, file.findings.filter((f) => f.rule.startsWith('SC')).map((f) => `${f.rule}:${f.severity}@${f.line}:${f.column}`)]));
  assert.deepEqual(found, {
    [join('a', 'Dockerfile')]: ['SC2154:warning@3:10', 'SC2086:hint@3:10', 'SC2164:warning@4:6'],
    [join('b', 'Dockerfile')]: ['SC2154:warning@4:10'],
  });
  const sarif = JSON.parse(run(['--format', 'sarif', 'b']).stdout);
  const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'SC2154');
  assert.equal(rule.helpUri, 'https://www.shellcheck.net/wiki/SC2154');
  assert.equal(sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'SC2154').ruleIndex, sarif.runs[0].tool.driver.rules.indexOf(rule));
  const off = run(['--format', 'json', '--no-shellcheck', '.']);
  assert.ok(!off.stdout.includes('"SC'), off.stdout);
});
