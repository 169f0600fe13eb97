// A second, private Docker daemon on tcp://127.0.0.1:<free port> with mutual TLS (--tlsverify),
// its certificates made with openssl for this run: a CA, the daemon's certificate (127.0.0.1 and
// localhost), a client certificate, and a second CA with a client certificate of its own (the
// wrong ones). State lives in a temp folder; the shared test daemon is never touched.
// Outside CI a missing dockerd or openssl skips the suite; with CI=true it fails it.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import Docker from 'dockerode';

const DOCKERD = '/usr/sbin/dockerd';

export interface TlsDaemon {
  /** tcp://127.0.0.1:<port> */
  host: string;
  port: number;
  /** ca.pem, cert.pem, key.pem: a DOCKER_CERT_PATH for the right client. */
  certDir: string;
  /** ca.pem (another CA), cert.pem/key.pem signed by it: the wrong client. */
  otherDir: string;
  /** A dockerode client with the right certificates (for test setup only). */
  docker: Docker;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A CA (ca.pem, ca-key.pem) in `dir`. */
function makeCa(dir: string, name: string): void {
  openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-days', '2', '-subj', `/CN=${name}`], dir);
}

/** A key and a certificate signed by the CA in `dir`, with the given X.509 extensions. */
function makeCert(dir: string, prefix: string, subject: string, extensions: string): void {
  writeFileSync(join(dir, `${prefix}.ext`), extensions);
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${prefix}key.pem`, '-out', `${prefix}.csr`, '-subj', `/CN=${subject}`], dir);
  openssl(['x509', '-req', '-in', `${prefix}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', `${prefix}cert.pem`, '-days', '2', '-extfile', `${prefix}.ext`], dir);
}

async function missing(t: TestContext, what: string): Promise<undefined> {
  if (process.env.CI === 'true') throw new Error(`CI=true but ${what}; scripts/docker-test-daemon.sh installs it`);
  t.skip(what);
  return undefined;
}

/** Starts the daemon for this test (stopped with it), or skips. */
export async function startTlsDaemon(t: TestContext): Promise<TlsDaemon | undefined> {
  if (!existsSync(DOCKERD)) return missing(t, `${DOCKERD} is not installed`);
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
  } catch {
    return missing(t, 'openssl is not installed');
  }
  if (process.getuid?.() !== 0) return missing(t, 'a second dockerd needs root');
  // Short: dockerd's containerd puts unix sockets under the exec root (108-byte limit).
  const dir = mkdtempSync('/tmp/dstls-');
  const certDir = join(dir, 'certs');
  const otherDir = join(dir, 'other');
  for (const folder of [certDir, otherDir]) mkdirSync(folder);
  makeCa(certDir, 'dockscope-test-ca');
  makeCert(certDir, 'server-', 'localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  makeCert(certDir, '', 'dockscope-client', 'extendedKeyUsage=clientAuth\n');
  makeCa(otherDir, 'some-other-ca');
  makeCert(otherDir, '', 'stranger', 'extendedKeyUsage=clientAuth\n');

  const port = await freePort();
  const host = `tcp://127.0.0.1:${port}`;
  const daemon: ChildProcess = spawn(DOCKERD, [
    '--host', host, '--tlsverify',
    '--tlscacert', join(certDir, 'ca.pem'), '--tlscert', join(certDir, 'server-cert.pem'), '--tlskey', join(certDir, 'server-key.pem'),
    '--data-root', join(dir, 'data'), '--exec-root', join(dir, 'x'), '--pidfile', join(dir, 'dockerd.pid'),
    '--iptables=false', '--bridge=none',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  daemon.stderr?.on('data', (chunk: Buffer) => { log = (log + chunk.toString()).slice(-4000); });
  const stopped = new Promise<void>((resolve) => daemon.once('exit', () => resolve()));
  t.after(async () => {
    daemon.kill('SIGTERM');
    const timer = setTimeout(() => daemon.kill('SIGKILL'), 15_000);
    await stopped;
    clearTimeout(timer);
    rmSync(dir, { recursive: true, force: true });
  });

  const read = (name: string) => readFileSync(join(certDir, name));
  const docker = new Docker({ protocol: 'https', host: '127.0.0.1', port, ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') });
  for (let attempt = 0; ; attempt++) {
    try {
      await docker.ping();
      break;
    } catch (error) {
      if (daemon.exitCode !== null || attempt >= 120) throw new Error(`the TLS test daemon did not come up: ${String(error)}\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return { host, port, certDir, otherDir, docker };
}
