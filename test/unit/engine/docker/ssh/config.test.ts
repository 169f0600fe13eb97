import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { expandSshPath, matchesPattern, matchesPatternList, readSshConfig } from '../../../../../engine/docker/ssh/config';

function home(config: string, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockscope-sshcfg-'));
  mkdirSync(join(dir, '.ssh', 'config.d'), { recursive: true });
  writeFileSync(join(dir, '.ssh', 'config'), config);
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(dir, '.ssh', name), text);
  return dir;
}

test('patterns: * and ? wildcards, case-insensitive, negation wins', () => {
  assert.ok(matchesPattern('build-01.example.com', '*.EXAMPLE.com'));
  assert.ok(matchesPattern('box1', 'box?'));
  assert.ok(!matchesPattern('box12', 'box?'));
  assert.ok(!matchesPattern('a.b', 'a?c'));
  assert.ok(matchesPatternList('build', ['*', '!bastion']));
  assert.ok(!matchesPatternList('bastion', ['*', '!bastion']));
  assert.ok(!matchesPatternList('x', ['!y']), 'a negation alone matches nothing');
});

test('the first value wins, IdentityFile accumulates, HostName takes %h, Match blocks are skipped', () => {
  const dir = home([
    'User everyone-default',
    '',
    'Host builder prod-*',
    '  HostName %h.internal.example',
    '  Port 2222',
    '  IdentityFile ~/.ssh/builder_ed25519',
    'Match host builder',
    '  User from-match',
    'Host *',
    '  User fallback',
    '  Port 22',
    '  IdentityFile "~/.ssh/id with space"',
    '  IdentitiesOnly yes',
  ].join('\n'));
  const config = readSshConfig('builder', dir);
  assert.equal(config.hostName, 'builder.internal.example');
  assert.equal(config.port, 2222);
  assert.equal(config.user, 'everyone-default', 'lines before the first Host apply to every host, first value wins');
  assert.deepEqual(config.identityFiles, ['~/.ssh/builder_ed25519', '~/.ssh/id with space']);
  assert.equal(config.identitiesOnly, true);
  assert.deepEqual(readSshConfig('other', dir), { user: 'everyone-default', port: 22, identityFiles: ['~/.ssh/id with space'], identitiesOnly: true });
});

test('Include follows relative paths under ~/.ssh and globs; key=value syntax and comments', () => {
  const dir = home('Include config.d/*\nHost *\n  User late\n', { 'config.d/10-box': 'Host box\n  HostName=10.1.1.1 # the lab box\n  User=deploy\n' });
  const config = readSshConfig('box', dir);
  assert.equal(config.hostName, '10.1.1.1');
  assert.equal(config.user, 'deploy');
});

test('a missing config is empty, not an error', () => {
  assert.deepEqual(readSshConfig('x', join(tmpdir(), 'no-such-home')), { identityFiles: [] });
});

test('tokens in paths: %d %u %h %r %p %% and ~', () => {
  const tokens = { home: '/home/me', localUser: 'me', host: 'h.example', user: 'deploy', port: 2200 };
  assert.equal(expandSshPath('~/.ssh/%r@%h:%p', tokens), '/home/me/.ssh/deploy@h.example:2200');
  assert.equal(expandSshPath('%d/keys/%u-100%%', tokens), '/home/me/keys/me-100%');
});
