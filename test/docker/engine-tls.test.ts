// The CLI and the engine against a real dockerd on tcp://127.0.0.1 with mutual TLS (--tlsverify,
// certificates generated for the run by test/helpers/tlsDaemon.ts): layers, --files and a
// BuildKit build with the right certificates (flags and DOCKER_CERT_PATH), and the messages for
// a wrong client certificate, none, an unknown CA, plain HTTP to the TLS port, and a stale
// DOCKER_CERT_PATH that must not touch an explicit unix:// host.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../helpers/cli';
import { runBuild } from '../../engine/build/runner';
import { createDockerClient, releaseDockerClient, resolveDockerEndpoint } from '../../engine/docker/connection';
import { BUSYBOX_IMAGE, dockerOrSkip, ensureBusyboxImage } from '../helpers/docker';
import { tempContext } from '../helpers/buildContext';
import { startTlsDaemon } from '../helpers/tlsDaemon';

const run = runCli;

/** The environment without any Docker endpoint or TLS variable, plus `extra`. */
function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['DOCKER_HOST', 'DOCKER_TLS', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_CONTEXT']) delete env[name];
  return { ...env, ...extra };
}

test('a daemon with mutual TLS: layers, --files and build work with the right certificates; wrong ones are named', async (t) => {
  const daemon = await startTlsDaemon(t);
  if (!daemon) return;
  await ensureBusyboxImage(daemon.docker);
  const { host, certDir, otherDir } = daemon;
  const flags = (dir: string) => ['--host', host, '--tlsverify', '--tlscacert', join(dir, 'ca.pem'), '--tlscert', join(dir, 'cert.pem'), '--tlskey', join(dir, 'key.pem')];

  await t.test('layers and --files with --tlsverify and the certificate flags', async () => {
    const table = await run(['layers', BUSYBOX_IMAGE, ...flags(certDir)], cleanEnv());
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /^dockscope-test\/busybox:1 {2}/);
    assert.doesNotMatch(table.stderr, /Warning/);
    const files = await run(['layers', BUSYBOX_IMAGE, '--files', '--json', ...flags(certDir)], cleanEnv());
    assert.equal(files.status, 0, files.stderr);
    assert.ok(JSON.parse(files.stdout).layers.some((layer: { added?: number }) => (layer.added ?? 0) > 100), 'busybox --install adds its links');
  });

  await t.test('build with DOCKER_HOST, DOCKER_TLS_VERIFY and DOCKER_CERT_PATH (the session over TLS)', async () => {
    const context = tempContext({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nCOPY hello.txt /hello.txt\nRUN echo ${randomUUID()} > /id\n`, 'hello.txt': 'hello\n' });
    t.after(context.cleanup);
    const env = cleanEnv({ DOCKER_HOST: host, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir });
    const result = await run(['build', context.dir, '--network', 'none', '--json'], env);
    assert.equal(result.status, 0, `${result.stderr}\n${result.stdout}`);
    assert.match(JSON.parse(result.stdout).image, /^sha256:/);

    // The engine's record says how the context travelled: through the session, not the tar fallback.
    const docker = createDockerClient(resolveDockerEndpoint({ env }));
    t.after(() => releaseDockerClient(docker));
    const record = await runBuild(docker, { dockerfile: join(context.dir, 'Dockerfile'), context: context.dir, network: 'none', noCache: true });
    assert.equal(record.outcome, 'succeeded', record.error ?? '');
    assert.equal(record.contextTransport, 'session');
  });

  await t.test('a client certificate from another CA: the daemon refused it, check --tlscert', async () => {
    const result = await run(['layers', BUSYBOX_IMAGE, '--host', host, '--tlscacert', join(certDir, 'ca.pem'), '--tlscert', join(otherDir, 'cert.pem'), '--tlskey', join(otherDir, 'key.pem')], cleanEnv());
    assert.equal(result.status, 1);
    assert.match(result.stderr, /refused the TLS client certificate \(it requires one signed by the CA it trusts/);
    assert.match(result.stderr, /--tlscert and --tlskey/);
    assert.doesNotMatch(result.stderr, /sslv3|SSL routines/);
  });

  await t.test('no client certificate: the daemon requires one', async () => {
    const result = await run(['layers', BUSYBOX_IMAGE, '--host', host, '--tlscacert', join(certDir, 'ca.pem')], cleanEnv());
    assert.equal(result.status, 1);
    assert.match(result.stderr, /requires a client certificate|refused the TLS client certificate/);
    assert.match(result.stderr, /DOCKER_CERT_PATH/);
  });

  await t.test('a daemon certificate from a CA we do not trust: say so, name --tlscacert', async () => {
    const result = await run(['layers', BUSYBOX_IMAGE, '--host', host, '--tlscacert', join(otherDir, 'ca.pem'), '--tlscert', join(certDir, 'cert.pem'), '--tlskey', join(certDir, 'key.pem')], cleanEnv());
    assert.equal(result.status, 1);
    assert.match(result.stderr, new RegExp(`certificate at tcp://127\\.0\\.0\\.1:${daemon.port}.* is signed by an authority Dockscope does not trust`));
    assert.match(result.stderr, /--tlscacert/);
  });

  await t.test('the system CAs alone do not trust a private daemon (verification is on by default)', async () => {
    const result = await run(['layers', BUSYBOX_IMAGE, '--host', host, '--tls'], cleanEnv());
    assert.equal(result.status, 1);
    assert.match(result.stderr, /signed by an authority Dockscope does not trust/);
  });

  await t.test('plain HTTP to the TLS port: the daemon speaks TLS', async () => {
    const result = await run(['layers', BUSYBOX_IMAGE, '--host', host], cleanEnv());
    assert.equal(result.status, 1);
    assert.match(result.stderr, /speaks TLS .*pass --tlsverify/);
  });
});

test('a stale DOCKER_CERT_PATH does not touch an explicit unix:// host', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  const socket = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  const env = cleanEnv({ DOCKER_HOST: 'tcp://192.0.2.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/nonexistent/certs' });
  const result = await run(['layers', BUSYBOX_IMAGE, '--host', socket], env);
  assert.equal(result.status, 0, result.stderr);
});
