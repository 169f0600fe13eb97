import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DockerError } from '../../../../engine/docker/errors';
import { CLI_TLS_LABELS, EDITOR_TLS_LABELS, envTlsDefaults, resolveTls } from '../../../../engine/docker/tls';

function dirWith(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockscope-tls-'));
  for (const file of files) writeFileSync(join(dir, file), file);
  return dir;
}

test('the environment: DOCKER_TLS_VERIFY or DOCKER_TLS switch TLS on; "0" and "false" do not', () => {
  assert.equal(envTlsDefaults({ DOCKER_TLS_VERIFY: '1' }, '/home/me').enabled, true);
  assert.equal(envTlsDefaults({ DOCKER_TLS: 'yes' }, '/home/me').enabled, true);
  assert.equal(envTlsDefaults({ DOCKER_TLS_VERIFY: '0', DOCKER_TLS: 'false' }, '/home/me').enabled, false);
  assert.deepEqual(envTlsDefaults({}, '/home/me'), { enabled: false, dir: join('/home/me', '.docker'), dirLabel: '~/.docker', required: false });
  assert.equal(envTlsDefaults({ DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c' }, '/h').required, true);
});

test('no TLS unless something asks for it; https or port 2376 force it', () => {
  const defaults = { enabled: false, dir: dirWith(['ca.pem']), dirLabel: 'DOCKER_CERT_PATH', required: false };
  assert.equal(resolveTls(defaults, {}, CLI_TLS_LABELS, false), undefined);
  assert.deepEqual(resolveTls(defaults, {}, CLI_TLS_LABELS, true), { ca: Buffer.from('ca.pem'), cert: undefined, key: undefined, verify: true });
  assert.equal(resolveTls(defaults, { tls: true }, CLI_TLS_LABELS, false)?.verify, true, 'a bare --tls still verifies');
});

test('verification is off only by an explicit choice (setting false, context SkipTLSVerify)', () => {
  const defaults = { enabled: true, dirLabel: 'x', required: false };
  assert.equal(resolveTls(defaults, { verify: false }, EDITOR_TLS_LABELS, false)?.verify, false);
  assert.equal(resolveTls({ ...defaults, skipVerify: true }, {}, EDITOR_TLS_LABELS, false)?.verify, false);
  assert.equal(resolveTls(defaults, {}, EDITOR_TLS_LABELS, false)?.verify, true);
});

test('missing files: named by the flag or setting, or by DOCKER_CERT_PATH when TLS verification requires them', () => {
  const empty = dirWith([]);
  assert.throws(() => resolveTls({ enabled: true, dir: empty, dirLabel: 'DOCKER_CERT_PATH', required: true }, {}, CLI_TLS_LABELS, false),
    (error: unknown) => error instanceof DockerError && error.kind === 'config' && /ca\.pem is missing \(DOCKER_CERT_PATH\); name the file with --tlscacert/.test(error.message));
  assert.throws(() => resolveTls({ enabled: false, dirLabel: 'x', required: false }, { cert: join(empty, 'c.pem') }, EDITOR_TLS_LABELS, false),
    (error: unknown) => error instanceof DockerError && /c\.pem \(dockscope\.docker\.tlsCert\): ENOENT/.test(error.message));
  const onlyCert = dirWith(['cert.pem']);
  assert.throws(() => resolveTls({ enabled: true, dir: onlyCert, dirLabel: 'x', required: false }, {}, CLI_TLS_LABELS, false),
    (error: unknown) => error instanceof DockerError && /needs its key.*--tlscert and --tlskey/.test(error.message));
  mkdirSync(join(empty, 'sub'));
  assert.equal(resolveTls({ enabled: true, dir: join(empty, 'sub'), dirLabel: 'x', required: false }, {}, CLI_TLS_LABELS, false)?.ca, undefined, 'no CA file: the system CAs');
});
