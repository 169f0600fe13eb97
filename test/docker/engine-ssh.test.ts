// The CLI and the engine over ssh:// against a real OpenSSH server on loopback
// (test/helpers/sshHost.ts) whose `docker` reaches the test daemon: host keys checked against
// known_hosts (unknown: refused with the command to trust it, or asked through the callback;
// changed: refused with the fingerprints), ~/.ssh/config aliases and key files, the agent, one
// login per command, and the remote failures by their cause.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli, type CliRun } from '../helpers/cli';
import { createDockerClient, releaseDockerClient, resolveDockerEndpoint } from '../../engine/docker/connection';
import { classifyDockerError, EDITOR_WORDS } from '../../engine/docker/errors';
import type { HostKeyQuestion } from '../../engine/docker/ssh/tunnel';
import { BUSYBOX_IMAGE, dockerOrSkip, ensureBusyboxImage } from '../helpers/docker';
import { tempContext } from '../helpers/buildContext';
import { startSshHost, type SshHost } from '../helpers/sshHost';


function run(args: string[], host: SshHost, extra: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: host.home, ...extra };
  for (const name of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'USER', 'LOGNAME', ...('SSH_AUTH_SOCK' in extra ? [] : ['SSH_AUTH_SOCK'])]) if (!(name in extra)) delete env[name];
  return runCli(args, env);
}

function writeConfig(host: SshHost): void {
  const block = (alias: string, key: string) => `Host ${alias}\n  HostName 127.0.0.1\n  Port ${host.port}\n  User root\n  IdentityFile ${key}\n`;
  writeFileSync(join(host.home, '.ssh', 'config'), [
    block('dockscope-box', host.keys.client), block('no-docker-box', host.keys.nodocker), block('daemon-down-box', host.keys.nodaemon),
    // No IdentityFile: OpenSSH's defaults (none exist in this HOME) and the agent.
    `Host agent-box\n  HostName 127.0.0.1\n  Port ${host.port}\n  User root\n`,
  ].join('\n'));
}

test('ssh:// endpoints: host keys, config, keys, agent, one login per command, remote failures', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  const host = await startSshHost(t);
  if (!host) return;
  writeConfig(host);
  const knownHosts = join(host.home, '.ssh', 'known_hosts');

  await t.test('an unknown host is refused with its fingerprint and the command that trusts it', async () => {
    writeFileSync(knownHosts, '');
    const result = await run(['layers', BUSYBOX_IMAGE, '--host', 'ssh://dockscope-box'], host);
    assert.equal(result.status, 1);
    assert.ok(result.stderr.includes(host.hostKeyFingerprint), result.stderr);
    assert.ok(result.stderr.includes(`ssh-keyscan -p ${host.port} -t ed25519 127.0.0.1 >> ~/.ssh/known_hosts`), result.stderr);
    assert.ok(result.stderr.includes('`ssh dockscope-box true`'), result.stderr);
    assert.equal(host.logins(), 0, 'nothing was sent before the host key was trusted');
  });

  await t.test('a known host (hashed entry) through a config alias: layers, --files, build, one login each', async () => {
    // What the printed command does (hashed, as Debian's ssh writes it).
    writeFileSync(knownHosts, execFileSync('ssh-keyscan', ['-H', '-p', String(host.port), '-t', 'ed25519', '127.0.0.1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    const before = host.logins();
    const table = await run(['layers', BUSYBOX_IMAGE, '--host', 'ssh://dockscope-box'], host);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^dockscope-test\/busybox:1 {2}/);
    assert.doesNotMatch(table.stderr, /DeprecationWarning|Warning/);
    const files = await run(['layers', BUSYBOX_IMAGE, '--files', '--json', '--host', 'ssh://dockscope-box'], host);
    assert.equal(files.status, 0, files.stderr);
    assert.ok(JSON.parse(files.stdout).layers.some((layer: { added?: number }) => (layer.added ?? 0) > 100));
    assert.equal(host.logins() - before, 2, 'one ssh login per command, whatever the number of requests');

    const context = tempContext({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nCOPY hello.txt /hello.txt\nRUN echo ${randomUUID()} > /id\n`, 'hello.txt': 'hello\n' });
    t.after(context.cleanup);
    const build = await run(['build', context.dir, '--network', 'none', '--json', '-H', 'ssh://root@dockscope-box'], host);
    assert.equal(build.status, 0, `${build.stderr}\n${build.stdout}`);
    assert.match(JSON.parse(build.stdout).image, /^sha256:/);
  });

  await t.test('a changed host key is refused with both fingerprints, as ssh does', async () => {
    const impostor = execFileSync('ssh-keyscan', ['-p', String(host.port), '-t', 'ed25519', '127.0.0.1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const otherKey = 'AAAAC3NzaC1lZDI1NTE5AAAAIBt2s7oVpqt6n3Qy0kVnqRzJv0o8Hk3n0q3tN1xq2m5E';
    writeFileSync(knownHosts, impostor.replace(/ssh-ed25519 \S+/, `ssh-ed25519 ${otherKey}`));
    const before = host.logins();
    const result = await run(['layers', BUSYBOX_IMAGE, '--host', 'ssh://dockscope-box'], host);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /host key of \[127\.0\.0\.1\]:\d+ has changed/);
    assert.ok(result.stderr.includes(host.hostKeyFingerprint), result.stderr);
    assert.ok(result.stderr.includes(`ssh-keygen -R "[127.0.0.1]:${host.port}"`), result.stderr);
    assert.equal(host.logins(), before);
    writeFileSync(knownHosts, impostor);
  });

  await t.test('no docker on the remote PATH, and a remote daemon that is down, are said as such', async () => {
    const missing = await run(['layers', BUSYBOX_IMAGE, '--host', 'ssh://no-docker-box'], host);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /has no `docker` command/);
    assert.doesNotMatch(missing.stderr, /stopped answering/);
    const down = await run(['layers', BUSYBOX_IMAGE, '--host', 'ssh://daemon-down-box'], host);
    assert.equal(down.status, 1);
    assert.match(down.stderr, /cannot reach its daemon: .*\/nonexistent\/docker\.sock/);
    assert.doesNotMatch(down.stderr, /no `docker` command/);
  });

  await t.test('the agent: a key only the agent holds; no key at all is a clear refusal', async () => {
    const socket = join(host.home, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    t.after(() => agent.kill());
    for (let i = 0; i < 50; i++) { try { readFileSync(socket); } catch (error) { if ((error as NodeJS.ErrnoException).code !== 'ENOENT') break; } await new Promise((r) => setTimeout(r, 100)); }
    execFileSync('ssh-add', [host.keys.agentOnly], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
    const withAgent = await run(['layers', BUSYBOX_IMAGE, '--host', 'ssh://agent-box'], host, { SSH_AUTH_SOCK: socket });
    assert.equal(withAgent.status, 0, withAgent.stderr);
    const without = await run(['layers', BUSYBOX_IMAGE, '--host', 'ssh://agent-box'], host);
    assert.equal(without.status, 1);
    assert.match(without.stderr, /ssh login as root@127\.0\.0\.1:\d+ .* was refused: Dockscope had no key to offer/);
  });

  await t.test('the editor asks on first contact; the accepted key is recorded, then trusted without asking', async () => {
    writeFileSync(knownHosts, '');
    const questions: HostKeyQuestion[] = [];
    const connect = (answer: boolean) => {
      const endpoint = resolveDockerEndpoint({ settingHost: 'ssh://dockscope-box', env: {}, homeDir: host.home });
      return createDockerClient(endpoint, { confirmHostKey: async (question) => { questions.push(question); return answer; } });
    };
    const refused = connect(false);
    const error = await refused.version().then(() => undefined, (e: unknown) => e);
    releaseDockerClient(refused);
    assert.match(classifyDockerError(error, { words: EDITOR_WORDS }).message, /was not trusted: Dockscope did not connect/);
    assert.equal(questions.length, 1);
    assert.deepEqual({ ...questions[0], otherTypes: undefined }, { endpoint: 'ssh://dockscope-box (dockscope.docker.host setting)', host: '127.0.0.1', port: host.port, keyType: 'ssh-ed25519', fingerprint: host.hostKeyFingerprint, otherTypes: undefined, knownHostsFile: knownHosts });
    const accepted = connect(true);
    assert.match((await accepted.version()).ApiVersion, /^1\.\d+$/);
    releaseDockerClient(accepted);
    assert.match(readFileSync(knownHosts, 'utf8'), /^\|1\|\S+ ssh-ed25519 \S+\n$/);
    const again = connect(false);
    await again.ping();
    releaseDockerClient(again);
    assert.equal(questions.length, 2, 'asked once per unknown contact, never again');
  });
});
