// A real OpenSSH server on 127.0.0.1:<free port> for the ssh:// engine tests, run by this test as
// root with a host key and client keys generated into a temp folder. The remote `docker` reaches
// the shared test daemon (its DOCKER_HOST is set per key in authorized_keys), except for two keys
// that see no docker command, and a daemon that is down. A temp HOME holds the client's ~/.ssh.
// Outside CI a missing sshd skips the suite; with CI=true it fails it.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { freePort } from './tlsDaemon';

const SSHD = '/usr/sbin/sshd';

export interface SshHost {
  port: number;
  /** The client's HOME (with an empty .ssh/). */
  home: string;
  /** Private key files: `client` reaches docker, `nodocker` finds no docker command, `nodaemon` a daemon that is down. */
  keys: { client: string; nodocker: string; nodaemon: string; agentOnly: string };
  /** Its fingerprint as ssh-keygen -l prints it ("SHA256:…"). */
  hostKeyFingerprint: string;
  /** Every "Accepted publickey" line sshd logged so far (one per login). */
  logins(): number;
}

function keygen(file: string): string {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'dockscope-test', '-f', file]);
  return readFileSync(`${file}.pub`, 'utf8').trim();
}

function waitForPort(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Starts the server for this test (stopped with it), or skips (never in CI). */
export async function startSshHost(t: TestContext): Promise<SshHost | undefined> {
  const skip = (what: string) => {
    if (process.env.CI === 'true') throw new Error(`CI=true but ${what}; scripts/docker-test-daemon.sh installs openssh-server`);
    t.skip(what);
    return undefined;
  };
  if (!existsSync(SSHD)) return skip(`${SSHD} is not installed (apt-get install openssh-server)`);
  if (process.getuid?.() !== 0) return skip('sshd on a test port needs root');
  const dockerHost = process.env.DOCKER_HOST;
  if (!dockerHost?.startsWith('unix://')) return skip(`the remote docker needs the test daemon's unix socket (DOCKER_HOST=${dockerHost ?? 'unset'})`);
  return launchSshHost(dockerHost, (cleanup) => t.after(cleanup));
}

/** Starts sshd whose docker reaches `dockerHost`; `after` receives the cleanup (the bench runs it itself). */
export async function launchSshHost(dockerHost: string, after: (cleanup: () => Promise<void>) => void): Promise<SshHost> {
  const dir = mkdtempSync('/tmp/dssh-');
  const home = join(dir, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  keygen(join(dir, 'host_key'));
  const hostKeyFingerprint = execFileSync('ssh-keygen', ['-l', '-f', join(dir, 'host_key.pub')], { encoding: 'utf8' }).split(' ')[1];
  const keys = { client: join(dir, 'client'), nodocker: join(dir, 'nodocker'), nodaemon: join(dir, 'nodaemon'), agentOnly: join(dir, 'agentonly') };
  const line = (key: string, env: string) => `environment="${env}" ${keygen(key)}`;
  writeFileSync(join(dir, 'authorized_keys'), [
    line(keys.client, `DOCKER_HOST=${dockerHost}`),
    line(keys.agentOnly, `DOCKER_HOST=${dockerHost}`),
    line(keys.nodocker, 'PATH=/nonexistent'),
    line(keys.nodaemon, 'DOCKER_HOST=unix:///nonexistent/docker.sock'),
  ].join('\n') + '\n');

  const port = await freePort();
  writeFileSync(join(dir, 'sshd_config'), [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${join(dir, 'host_key')}`, `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    `PidFile ${join(dir, 'sshd.pid')}`, 'PermitRootLogin prohibit-password', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no',
    'UsePAM no', 'StrictModes no', 'PermitUserEnvironment yes', 'LogLevel INFO', '',
  ].join('\n'));
  mkdirSync('/run/sshd', { recursive: true }); // privilege separation directory
  const sshd = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  sshd.stderr.on('data', (chunk: Buffer) => { log += chunk.toString(); });
  const exited = new Promise<void>((resolve) => sshd.once('exit', () => resolve()));
  after(async () => {
    sshd.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  });
  for (let attempt = 0; !(await waitForPort(port)); attempt++) {
    if (sshd.exitCode !== null || attempt > 100) throw new Error(`sshd did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { port, home, keys, hostKeyFingerprint, logins: () => (log.match(/Accepted publickey/g) ?? []).length };
}
