import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { EXCLUDED_CODES, knowsBusybox, locateShellcheck, runShellcheck, shellcheckOff, shellcheckVersion } from '../../../../lint/shellcheck/runner';
import { shellcheckOrSkip } from '../../../helpers/shellcheck';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dockscope-shellcheck-runner-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** An executable script in the test folder (a program that misbehaves the way a wrong binary might). */
function program(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

test('shellcheck runner: off, empty and false switch it off', () => {
  for (const value of ['off', 'OFF', '', '  ', 'false']) assert.equal(shellcheckOff(value), true, JSON.stringify(value));
  assert.equal(shellcheckOff('shellcheck'), false);
  assert.equal(locateShellcheck('off'), null);
});

test('shellcheck runner: a bare name is looked up on PATH, an absolute path used as is, a relative path refused', () => {
  const path = program('shellcheck', 'exit 0');
  writeFileSync(join(dir, 'not-executable'), '');
  const env = { PATH: ['/nonexistent', 'relative/folder', dir].join(':') };
  assert.equal(locateShellcheck('shellcheck', env), path);
  assert.equal(locateShellcheck('shellcheck', { PATH: '/nonexistent' }), null);
  assert.equal(locateShellcheck(path, { PATH: '' }), path);
  assert.equal(locateShellcheck(join(dir, 'not-executable'), env), null);
  assert.equal(locateShellcheck(dir, env), null, 'a folder is not a binary');
  assert.equal(locateShellcheck('./shellcheck', env), null);
  assert.equal(locateShellcheck('bin/shellcheck', env), null);
});

test('shellcheck runner: a binary that is not ShellCheck, hangs, floods or fails is an error with the reason', async () => {
  await assert.rejects(shellcheckVersion(program('impostor', 'echo "version: 1.0"')), /does not say it is ShellCheck/);
  await assert.rejects(runShellcheck(program('hangs', 'exec sleep 5'), ['echo hi'], { timeoutMs: 300 }), /no answer within/);
  await assert.rejects(runShellcheck(program('floods', 'head -c 100000 /dev/zero | tr "\\0" x'), ['echo hi'], { timeoutMs: 5000, maxOutputBytes: 1000 }), /size bound/);
  await assert.rejects(runShellcheck(program('fails', 'echo "bad option" >&2; exit 4'), ['echo hi'], { timeoutMs: 5000 }), /exit 4: bad option/);
  await assert.rejects(runShellcheck(program('garbage', 'echo "not json"; exit 1'), ['echo hi'], { timeoutMs: 5000 }), /not its JSON report/);
  assert.deepEqual(await runShellcheck(program('unused', 'exit 9'), [], { timeoutMs: 5000 }), [], 'nothing to check: no process');
});

test('shellcheck runner: versions from 0.10 know BusyBox', () => {
  assert.equal(knowsBusybox('0.9.0'), false);
  assert.equal(knowsBusybox('0.10.0'), true);
  assert.equal(knowsBusybox('1.0'), true);
  assert.equal(knowsBusybox(null), false);
});

test('shellcheck runner: the real ShellCheck checks several files in one process, in order, without the excluded codes', async (t) => {
  const binary = await shellcheckOrSkip(t);
  if (!binary) return;
  assert.match(binary.version ?? '', /^\d+\.\d+/);
  const [first, second, third] = await runShellcheck(binary.path, [
    '# shellcheck shell=sh\necho $1\n', '# shellcheck shell=bash\n[[ -f x ]] && echo ok\n', '# shellcheck shell=sh\n. ./lib.sh\nsource ./x\n',
  ], { timeoutMs: 30_000 });
  assert.deepEqual(first.map((c) => [c.code, c.line, c.column, c.endColumn]), [[2086, 2, 6, 8]]);
  assert.deepEqual(second, []);
  assert.ok(!third.some((c) => EXCLUDED_CODES.includes(`SC${c.code}`)), JSON.stringify(third));
  assert.ok(third.some((c) => c.code === 3046), 'source is not POSIX');
});
