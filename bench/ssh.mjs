// `dockscope layers` over ssh:// next to the Docker CLI's `docker -H ssh://… image history`, one
// run each, against a real OpenSSH server on loopback (the engine tests' sshd, started here) whose
// `docker` reaches the daemon at DOCKER_HOST:
//   DOCKER_HOST=unix:///… node bench/ssh.mjs [--also path/to/other/dist/cli.js]
// Both log in with the same key through one ssh-agent and trust the same known_hosts; the Docker
// CLI runs the system `ssh` (given the bench's config and known_hosts through a wrapper on PATH).
// `--also` times another build of the CLI the same way (e.g. the main branch's, for a before/after).
// Needs root (sshd on a test port) and the dist/ build (`node scripts/build.mjs`).
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const DOCKER_CLI = '/usr/bin/docker';
const IMAGE = 'dockscope-test/busybox:1';
const also = process.argv.includes('--also') ? resolve(process.argv[process.argv.indexOf('--also') + 1]) : undefined;
const dockerHost = process.env.DOCKER_HOST;
if (!dockerHost?.startsWith('unix://')) throw new Error('set DOCKER_HOST to the test daemon\'s unix socket');

// The engine tests' helpers, bundled: the sshd launcher and the busybox base image.
const work = mkdtempSync(join(tmpdir(), 'dockscope-bench-ssh-'));
const helpers = join(work, 'helpers.cjs');
await esbuild.build({
  stdin: { contents: "export { launchSshHost } from './test/helpers/sshHost'; export { ensureBusyboxImage } from './test/helpers/docker'; export { default as Docker } from 'dockerode';", resolveDir: ROOT, loader: 'ts' },
  bundle: true, platform: 'node', format: 'cjs', outfile: helpers, logLevel: 'error',
  external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
});
const { launchSshHost, ensureBusyboxImage, Docker } = createRequire(import.meta.url)(helpers);
await ensureBusyboxImage(new Docker({ socketPath: dockerHost.slice('unix://'.length) }));

const cleanups = [];
try {
  const host = await launchSshHost(dockerHost, (cleanup) => cleanups.push(cleanup));
  const ssh = join(host.home, '.ssh');
  writeFileSync(join(ssh, 'config'), `Host bench-box\n  HostName 127.0.0.1\n  Port ${host.port}\n  User root\n  IdentityFile ${host.keys.client}\n`);
  writeFileSync(join(ssh, 'known_hosts'), execFileSync('ssh-keyscan', ['-H', '-p', String(host.port), '-t', 'ed25519', '127.0.0.1'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
  // The system ssh reads ~/.ssh of the passwd entry, not $HOME: point it at the bench's files.
  const bin = join(work, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'ssh'), `#!/bin/sh\nexec /usr/bin/ssh -F "${join(ssh, 'config')}" -o UserKnownHostsFile="${join(ssh, 'known_hosts')}" "$@"\n`);
  chmodSync(join(bin, 'ssh'), 0o755);
  const agentSocket = join(work, 'agent.sock');
  const agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
  cleanups.push(async () => { agent.kill(); });
  for (let i = 0; i < 50 && !existsSync(agentSocket); i++) await new Promise((r) => setTimeout(r, 100));
  execFileSync('ssh-add', ['-q', host.keys.client], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket }, stdio: 'ignore' });

  const env = { ...process.env, HOME: host.home, SSH_AUTH_SOCK: agentSocket, PATH: `${bin}:${process.env.PATH}` };
  delete env.DOCKER_HOST;
  const time = async (command, args) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    const status = await new Promise((done) => child.on('close', done));
    const ms = performance.now() - started;
    if (status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${stderr}`);
    const before = logins;
    logins = host.logins();
    return { ms, logins: logins - before, warning: stderr.split('\n').find((line) => /Warning/.test(line)) };
  };
  let logins = host.logins();
  const rows = [
    ['dockscope layers (this build)', await time(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'layers', IMAGE, '--host', 'ssh://bench-box'])],
    ['docker -H ssh://… image history', await time(DOCKER_CLI, ['-H', 'ssh://bench-box', 'image', 'history', IMAGE])],
  ];
  if (also) {
    // An older CLI may log in with the agent only and as $USER: both are given.
    rows.push([`dockscope layers (${also})`, await time(process.execPath, [also, 'layers', IMAGE, '--host', `ssh://root@127.0.0.1:${host.port}`])]);
  }
  console.log(`ssh://127.0.0.1:${host.port} (loopback sshd, key in ssh-agent), image ${IMAGE}, one run each, load average ${loadavg()[0].toFixed(1)}:`);
  for (const [name, result] of rows) {
    console.log(`  ${name.padEnd(42)} ${(result.ms / 1000).toFixed(2)} s  ${result.logins} ssh login${result.logins === 1 ? '' : 's'}${result.warning ? `  stderr: ${result.warning.trim().slice(0, 100)}` : ''}`);
  }
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(work, { recursive: true, force: true });
}

