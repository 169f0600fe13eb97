import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { resolveSshTarget, sshCommandFor } from '../../../../../engine/docker/ssh/target';

function home(config = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockscope-target-'));
  mkdirSync(join(dir, '.ssh'));
  writeFileSync(join(dir, '.ssh', 'config'), config);
  return dir;
}

test('defaults: port 22, the OS user (not $USER), OpenSSH default keys, the agent, known_hosts', () => {
  const dir = home();
  const target = resolveSshTarget({ host: 'box' }, { SSH_AUTH_SOCK: '/run/agent' }, dir);
  assert.equal(target.port, 22);
  assert.equal(target.user, userInfo().username);
  assert.deepEqual(target.identityFiles, ['id_rsa', 'id_ecdsa', 'id_ed25519', 'id_dsa'].map((name) => join(dir, '.ssh', name)));
  assert.equal(target.agentSocket, '/run/agent');
  assert.equal(target.knownHostsFiles[0], join(dir, '.ssh', 'known_hosts'));
  assert.equal(sshCommandFor(target), 'ssh box');
});

test('an alias from ~/.ssh/config: HostName, User, Port, IdentityFile; the URL wins', () => {
  const dir = home('Host builder\n  HostName 10.2.3.4\n  User ci\n  Port 2022\n  IdentityFile ~/.ssh/builder\n  IdentityAgent none\n  UserKnownHostsFile ~/.ssh/lab_hosts\n');
  const target = resolveSshTarget({ host: 'builder' }, { SSH_AUTH_SOCK: '/run/agent' }, dir);
  assert.deepEqual([target.host, target.user, target.port, target.identityFiles, target.agentSocket], ['10.2.3.4', 'ci', 2022, [join(dir, '.ssh', 'builder')], undefined]);
  assert.deepEqual(target.knownHostsFiles, [join(dir, '.ssh', 'lab_hosts'), '/etc/ssh/ssh_known_hosts']);
  const explicit = resolveSshTarget({ host: 'builder', user: 'root', port: 22 }, {}, dir);
  assert.deepEqual([explicit.user, explicit.port], ['root', 22]);
  assert.equal(sshCommandFor(explicit), 'ssh -p 22 root@builder');
});

test('IdentitiesOnly with named files leaves the agent out', () => {
  const dir = home('Host x\n  IdentityFile ~/.ssh/only\n  IdentitiesOnly yes\n');
  assert.equal(resolveSshTarget({ host: 'x' }, { SSH_AUTH_SOCK: '/run/agent' }, dir).agentSocket, undefined);
});
