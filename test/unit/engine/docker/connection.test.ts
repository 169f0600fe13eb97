import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createDockerClient, releaseDockerClient, resolveDockerEndpoint } from '../../../../engine/docker/connection';
import { CLI_TLS_LABELS } from '../../../../engine/docker/tls';
import { SshTunnel } from '../../../../engine/docker/ssh/tunnel';
import { DockerError } from '../../../../engine/docker/errors';

function fakeHome(): string {
  return mkdtempSync(join(tmpdir(), 'dockscope-home-'));
}

function writeContext(home: string, name: string, host: string, current = true): void {
  const docker = join(home, '.docker');
  const meta = join(docker, 'contexts', 'meta', createHash('sha256').update(name).digest('hex'));
  mkdirSync(meta, { recursive: true });
  writeFileSync(join(meta, 'meta.json'), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }));
  if (current) writeFileSync(join(docker, 'config.json'), JSON.stringify({ auths: {}, currentContext: name }));
}

test('the setting wins over DOCKER_HOST and the context', () => {
  const home = fakeHome();
  writeContext(home, 'remote', 'ssh://me@build-box');
  const endpoint = resolveDockerEndpoint({ settingHost: 'unix:///run/custom.sock', env: { DOCKER_HOST: 'tcp://10.0.0.1:2375' }, homeDir: home, platform: 'linux' });
  assert.equal(endpoint.source, 'setting');
  assert.deepEqual(endpoint.options, { socketPath: '/run/custom.sock' });
  assert.equal(endpoint.description, 'unix:///run/custom.sock (dockscope.docker.host setting)');
});

test('DOCKER_HOST wins over the context; tcp without TLS is http on its port', () => {
  const home = fakeHome();
  writeContext(home, 'remote', 'ssh://me@build-box');
  const endpoint = resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://10.0.0.1:2375' }, homeDir: home, platform: 'linux' });
  assert.equal(endpoint.source, 'env');
  assert.deepEqual(endpoint.options, { protocol: 'http', host: '10.0.0.1', port: 2375 });
  assert.equal(endpoint.description, 'tcp://10.0.0.1:2375 (DOCKER_HOST)');
});

test('DOCKER_TLS_VERIFY with DOCKER_CERT_PATH reads ca, cert and key', () => {
  const home = fakeHome();
  const certs = join(home, 'certs');
  mkdirSync(certs);
  for (const name of ['ca', 'cert', 'key']) writeFileSync(join(certs, `${name}.pem`), `${name}-data`);
  const endpoint = resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }, homeDir: home, platform: 'linux' });
  assert.equal(endpoint.options.protocol, 'https');
  assert.equal(endpoint.options.port, 2376);
  assert.equal(String(endpoint.options.ca), 'ca-data');
  assert.equal(String(endpoint.options.cert), 'cert-data');
  assert.equal(String(endpoint.options.key), 'key-data');
  assert.match(endpoint.description, /TLS/);
});

test('DOCKER_TLS_VERIFY without the certificate files is a configuration error', () => {
  const home = fakeHome();
  assert.throws(
    () => resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(home, 'none') }, homeDir: home }),
    (error: unknown) => error instanceof DockerError && error.kind === 'config' && /ca\.pem/.test(error.message),
  );
});

test('the current CLI context is found by the sha256 of its name; ssh hosts use the ssh protocol', () => {
  const home = fakeHome();
  writeContext(home, 'remote', 'ssh://deploy@build-box:2222');
  const endpoint = resolveDockerEndpoint({ env: { SSH_AUTH_SOCK: '/tmp/agent.sock' }, homeDir: home, platform: 'linux' });
  assert.equal(endpoint.source, 'context');
  // Requests go through the ssh tunnel's agent; host and port only name it.
  assert.deepEqual(endpoint.options, { protocol: 'http', host: 'build-box', port: 2222 });
  assert.equal(endpoint.ssh?.user, 'deploy');
  assert.equal(endpoint.ssh?.agentSocket, '/tmp/agent.sock');
  assert.equal(endpoint.description, 'ssh://deploy@build-box:2222 (Docker context "remote")');
});

test('DOCKER_CONTEXT overrides config.json, and a unix context endpoint is a socket', () => {
  const home = fakeHome();
  writeContext(home, 'remote', 'ssh://deploy@build-box');
  writeContext(home, 'colima', 'unix:///Users/me/.colima/docker.sock', false);
  const endpoint = resolveDockerEndpoint({ env: { DOCKER_CONTEXT: 'colima' }, homeDir: home, platform: 'darwin' });
  assert.equal(endpoint.source, 'context');
  assert.deepEqual(endpoint.options, { socketPath: '/Users/me/.colima/docker.sock' });
});

test('the "default" context and a missing config fall back to the platform default', () => {
  const home = fakeHome();
  writeContext(home, 'default', 'unix:///ignored.sock');
  assert.deepEqual(resolveDockerEndpoint({ env: {}, homeDir: home, platform: 'linux' }).options, { socketPath: '/var/run/docker.sock' });
  const windows = resolveDockerEndpoint({ env: {}, homeDir: fakeHome(), platform: 'win32' });
  assert.equal(windows.source, 'default');
  assert.deepEqual(windows.options, { socketPath: '//./pipe/docker_engine' });
});

test('a Docker Desktop per-user socket is preferred when it exists', () => {
  const home = fakeHome();
  mkdirSync(join(home, '.docker', 'run'), { recursive: true });
  writeFileSync(join(home, '.docker', 'run', 'docker.sock'), '');
  assert.deepEqual(resolveDockerEndpoint({ env: {}, homeDir: home, platform: 'darwin' }).options, { socketPath: join(home, '.docker', 'run', 'docker.sock') });
});

test('a current context whose meta.json is missing is reported, not silently skipped', () => {
  const home = fakeHome();
  mkdirSync(join(home, '.docker'));
  writeFileSync(join(home, '.docker', 'config.json'), JSON.stringify({ currentContext: 'gone' }));
  assert.throws(() => resolveDockerEndpoint({ env: {}, homeDir: home }), (error: unknown) => error instanceof DockerError && error.kind === 'config' && /"gone"/.test(error.message));
});

test('npipe, bare host:port and malformed hosts', () => {
  assert.deepEqual(resolveDockerEndpoint({ settingHost: 'npipe:////./pipe/docker_engine', env: {} }).options, { socketPath: '//./pipe/docker_engine' });
  assert.deepEqual(resolveDockerEndpoint({ settingHost: 'localhost:2375', env: {} }).options, { protocol: 'http', host: 'localhost', port: 2375 });
  assert.throws(() => resolveDockerEndpoint({ settingHost: 'ftp://x', env: {} }), (error: unknown) => error instanceof DockerError && error.kind === 'config');
  assert.throws(() => resolveDockerEndpoint({ settingHost: 'tcp://[bad', env: {} }), (error: unknown) => error instanceof DockerError && error.kind === 'config');
});

test('createDockerClient uses exactly the resolved endpoint, whatever DOCKER_HOST says', () => {
  const docker = createDockerClient(resolveDockerEndpoint({ settingHost: 'unix:///run/elsewhere.sock', env: {} }));
  const modem = docker.modem as unknown as { socketPath?: string; host?: string };
  assert.equal(modem.socketPath, '/run/elsewhere.sock');
  assert.equal(modem.host, undefined);
  const tcp = createDockerClient(resolveDockerEndpoint({ settingHost: 'tcp://10.1.2.3:2375', env: {} }));
  const tcpModem = tcp.modem as unknown as { socketPath?: string; host?: string; port?: number };
  assert.equal(tcpModem.host, '10.1.2.3');
  assert.equal(tcpModem.port, 2375);
  assert.equal(tcpModem.socketPath, undefined);
});

function certDir(home: string, name = 'certs'): string {
  const dir = join(home, name);
  mkdirSync(dir);
  for (const file of ['ca', 'cert', 'key']) writeFileSync(join(dir, `${file}.pem`), `${name}-${file}`);
  return dir;
}

test('TLS flags (or settings) turn TLS on for an explicit tcp host and override DOCKER_CERT_PATH file by file', () => {
  const home = fakeHome();
  const env = certDir(home);
  const flags = certDir(home, 'flags');
  const endpoint = resolveDockerEndpoint({
    settingHost: 'tcp://10.0.0.5:2377', settingLabel: '--host', env: { DOCKER_CERT_PATH: env }, homeDir: home,
    tls: { verify: true, cert: join(flags, 'cert.pem'), key: join(flags, 'key.pem') }, tlsLabels: CLI_TLS_LABELS,
  });
  assert.equal(endpoint.options.protocol, 'https');
  assert.deepEqual([String(endpoint.options.ca), String(endpoint.options.cert), String(endpoint.options.key)], ['certs-ca', 'flags-cert', 'flags-key']);
  assert.equal(endpoint.tlsVerify, true);
  assert.match(endpoint.description, /^tcp:\/\/10\.0\.0\.5:2377 TLS \(--host\)$/);
  // Without any TLS choice, port 2377 is plain HTTP even with DOCKER_CERT_PATH set (the Docker CLI's rule).
  assert.equal(resolveDockerEndpoint({ settingHost: 'tcp://10.0.0.5:2377', env: { DOCKER_CERT_PATH: env }, homeDir: home }).options.protocol, 'http');
  // DOCKER_TLS alone turns it on; a missing flag file is named by its flag.
  assert.equal(resolveDockerEndpoint({ env: { DOCKER_HOST: 'tcp://h:2375', DOCKER_TLS: '1' }, homeDir: home }).options.protocol, 'https');
  assert.throws(
    () => resolveDockerEndpoint({ settingHost: 'tcp://h:1', env: {}, homeDir: home, tls: { caCert: join(home, 'nope.pem') }, tlsLabels: CLI_TLS_LABELS }),
    (error: unknown) => error instanceof DockerError && error.kind === 'config' && /nope\.pem \(--tlscacert\)/.test(error.message),
  );
});

test('stale TLS variables never touch unix or ssh hosts, named or from DOCKER_HOST', () => {
  const home = fakeHome();
  const stale = { DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: join(home, 'gone') };
  assert.deepEqual(resolveDockerEndpoint({ settingHost: 'unix:///run/d.sock', env: { ...stale, DOCKER_HOST: 'tcp://x:2376' }, homeDir: home }).options, { socketPath: '/run/d.sock' });
  assert.equal(resolveDockerEndpoint({ env: { ...stale, DOCKER_HOST: 'ssh://me@box' }, homeDir: home }).ssh?.host, 'box');
  const saved = { ...process.env };
  try {
    Object.assign(process.env, stale, { DOCKER_HOST: 'tcp://x:2376' });
    const docker = createDockerClient(resolveDockerEndpoint({ settingHost: 'unix:///run/d.sock', env: {}, homeDir: home }));
    assert.equal((docker.modem as unknown as { socketPath?: string }).socketPath, '/run/d.sock');
    assert.equal(process.env.DOCKER_CERT_PATH, stale.DOCKER_CERT_PATH, 'the environment is restored');
  } finally {
    for (const name of ['DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_HOST']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
});

test("a context's TLS folder and SkipTLSVerify: the only unverified TLS, and said so", () => {
  const home = fakeHome();
  writeContext(home, 'lab', 'tcp://lab:2376');
  const id = createHash('sha256').update('lab').digest('hex');
  const meta = join(home, '.docker', 'contexts', 'meta', id, 'meta.json');
  writeFileSync(meta, JSON.stringify({ Name: 'lab', Endpoints: { docker: { Host: 'tcp://lab:2376', SkipTLSVerify: true } } }));
  const tls = join(home, '.docker', 'contexts', 'tls', id, 'docker');
  mkdirSync(tls, { recursive: true });
  writeFileSync(join(tls, 'cert.pem'), 'c');
  writeFileSync(join(tls, 'key.pem'), 'k');
  const endpoint = resolveDockerEndpoint({ env: {}, homeDir: home });
  assert.equal(endpoint.tlsVerify, false);
  assert.equal(endpoint.description, 'tcp://lab:2376 TLS, certificate not verified (Docker context "lab")');
  const docker = createDockerClient(endpoint);
  const agent = (docker.modem as unknown as { agent: { options: { rejectUnauthorized?: boolean } } }).agent;
  assert.equal(agent.options.rejectUnauthorized, false);
  releaseDockerClient(docker);
  const verified = createDockerClient(resolveDockerEndpoint({ settingHost: 'https://h:2376', env: {}, homeDir: home }));
  assert.equal((verified.modem as unknown as { agent: { options: { rejectUnauthorized?: boolean } } }).agent.options.rejectUnauthorized, true);
  releaseDockerClient(verified);
});

test('an ssh endpoint gets one tunnel agent per client, closed by releaseDockerClient', () => {
  const docker = createDockerClient(resolveDockerEndpoint({ settingHost: 'ssh://me@box:2200', env: {}, homeDir: fakeHome() }));
  const agent = (docker.modem as unknown as { agent: unknown }).agent;
  assert.ok(agent instanceof SshTunnel);
  releaseDockerClient(docker);
});
