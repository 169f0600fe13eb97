import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertApiVersion, classifyDockerError, CLI_WORDS, compareApiVersions, DockerError, EDITOR_WORDS, explainBuildError } from '../../../../engine/docker/errors';

function systemError(code: string, message = `connect ${code} /var/run/docker.sock`): Error {
  return Object.assign(new Error(message), { code });
}

test('socket errors map to unreachable and permission denied, naming the endpoint', () => {
  const at = { words: EDITOR_WORDS, endpoint: 'unix:///var/run/docker.sock (default)' };
  for (const code of ['ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'ENOTFOUND']) {
    const failure = classifyDockerError(systemError(code), at);
    assert.equal(failure.kind, 'unreachable', code);
    assert.match(failure.message, /Cannot reach the Docker daemon at unix:\/\/\/var\/run\/docker\.sock \(default\)/);
    assert.equal(failure.retryable, true);
  }
  // The reason in words, with the code people search for.
  assert.match(classifyDockerError(systemError('ENOENT'), at).message, /\(default\): no socket at that path \(ENOENT\)\. Is Docker running\? If it listens elsewhere, set dockscope\.docker\.host/);
  assert.match(classifyDockerError(systemError('ECONNREFUSED'), at).message, /nothing accepts connections there \(ECONNREFUSED\)/);
  assert.match(classifyDockerError(new Error('while listing', { cause: systemError('ECONNREFUSED') }), { words: CLI_WORDS }).message, /\(ECONNREFUSED\)\. Is Docker running\? If it listens elsewhere, pass --host/);
  const denied = classifyDockerError(systemError('EACCES'), at);
  assert.equal(denied.kind, 'permission-denied');
  assert.match(denied.message, /\(default\) \(this user may not open the socket \(EACCES\)\)/);
  assert.match(denied.message, /docker" group/);
});

test('daemon replies: 404 image, API too old', () => {
  const notFound = Object.assign(new Error('(HTTP code 404) no such image - No such image: app:1 '), { statusCode: 404, json: { message: 'No such image: app:1' } });
  const failure = classifyDockerError(notFound, { words: EDITOR_WORDS, image: 'app:1' });
  assert.equal(failure.kind, 'image-not-found');
  assert.match(failure.message, /"app:1" is not on the daemon.*Refresh the list/);
  const tooOld = Object.assign(new Error('(HTTP code 400) unexpected - client version 1.41 is too new. Maximum supported API version is 1.40'), { statusCode: 400 });
  assert.equal(classifyDockerError(tooOld, { words: EDITOR_WORDS }).kind, 'api-too-old');
  assert.equal(classifyDockerError(tooOld, { words: EDITOR_WORDS }).retryable, false);
});

test('interrupted streams, garbage archives, cancellation, wrapped causes', () => {
  assert.equal(classifyDockerError(systemError('ECONNRESET', 'read ECONNRESET'), { words: EDITOR_WORDS }).kind, 'stream-interrupted');
  assert.equal(classifyDockerError(new Error('aborted'), { words: EDITOR_WORDS }).kind, 'stream-interrupted');
  assert.equal(classifyDockerError(new Error('Unexpected end of data'), { words: EDITOR_WORDS }).kind, 'bad-archive');
  assert.equal(classifyDockerError(new Error('Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?'), { words: EDITOR_WORDS }).kind, 'bad-archive');
  assert.equal(classifyDockerError(Object.assign(new Error('The operation was aborted'), { name: 'AbortError' }), { words: EDITOR_WORDS }).kind, 'cancelled');
  assert.equal(classifyDockerError(new Error('while listing', { cause: systemError('ECONNREFUSED') }), { words: EDITOR_WORDS }).kind, 'unreachable');
  assert.equal(classifyDockerError(new DockerError('bad-archive', 'no manifest'), { words: EDITOR_WORDS }).kind, 'bad-archive');
  assert.equal(classifyDockerError('weird', { words: EDITOR_WORDS }).kind, 'unknown');
  assert.equal(classifyDockerError(undefined, { words: EDITOR_WORDS }).kind, 'unknown');
});

test('API version comparison and the minimum', () => {
  assert.ok(compareApiVersions('1.40', '1.41') < 0);
  assert.ok(compareApiVersions('1.43', '1.41') > 0);
  assert.equal(compareApiVersions('1.41', '1.41'), 0);
  assert.throws(() => assertApiVersion('1.40'), (error: unknown) => error instanceof DockerError && error.kind === 'api-too-old');
  assert.doesNotThrow(() => assertApiVersion('1.41'));
  assert.doesNotThrow(() => assertApiVersion('1.45'));
});

test('what to do is said in the words of the interface: settings in the editor, flags in the CLI', () => {
  const refused = systemError('ECONNREFUSED');
  assert.match(classifyDockerError(refused, { words: EDITOR_WORDS }).message, /set dockscope\.docker\.host/);
  const cli = classifyDockerError(refused, { words: CLI_WORDS }).message;
  assert.match(cli, /pass --host/);
  assert.doesNotMatch(cli, /dockscope\.docker\.host|Refresh/);
  const gone = Object.assign(new Error('no such image'), { statusCode: 404 });
  assert.doesNotMatch(classifyDockerError(gone, { words: CLI_WORDS, image: 'nosuch:1' }).message, /Refresh|dockscope\./);
});

test('a failed build says what to do about a missing bridge network or an unpullable base image', () => {
  const bridge = 'failed to create network: network bridge not found';
  assert.match(explainBuildError(bridge, EDITOR_WORDS), /set dockscope\.build\.network to "none"/);
  assert.match(explainBuildError(bridge, CLI_WORDS), /pass --network none/);
  const pull = 'failed to solve: golang:1.22: failed to resolve source metadata for docker.io/library/golang:1.22: failed to do request: Head "https://registry-1.docker.io/v2/library/golang/manifests/1.22": dial tcp: lookup registry-1.docker.io: no such host';
  assert.match(explainBuildError(pull, CLI_WORDS), /"docker\.io\/library\/golang:1\.22" is not on the daemon and could not be pulled/);
  assert.equal(explainBuildError('process "/bin/sh -c make" did not complete successfully: exit code: 2', CLI_WORDS), 'process "/bin/sh -c make" did not complete successfully: exit code: 2');
});

test('TLS failures in the Docker CLI\'s words, in the words of the interface, never raw OpenSSL text', () => {
  const at = { endpoint: 'tcp://h:2376 TLS (DOCKER_HOST)' };
  const tls = (code: string, message: string) => Object.assign(new Error(message), { code });
  const badCert = tls('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'C0D7:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:../deps/openssl/ssl/record/rec_layer_s3.c:1605:SSL alert number 42');
  const cli = classifyDockerError(badCert, { words: CLI_WORDS, ...at });
  assert.equal(cli.kind, 'tls');
  assert.equal(cli.retryable, false);
  assert.match(cli.message, /^The Docker daemon at tcp:\/\/h:2376 TLS \(DOCKER_HOST\) refused the TLS client certificate \(it requires one signed by the CA it trusts; remote error: tls: bad certificate\)/);
  assert.match(cli.message, /check DOCKER_CERT_PATH, or pass --tlscert and --tlskey/);
  assert.match(classifyDockerError(badCert, { words: EDITOR_WORDS }).message, /set dockscope\.docker\.tlsCert and dockscope\.docker\.tlsKey/);
  assert.match(classifyDockerError(tls('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'tlsv13 alert certificate required'), { words: CLI_WORDS }).message, /requires a client certificate and none was sent/);
  assert.match(classifyDockerError(tls('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), { words: CLI_WORDS }).message, /signed by an authority Dockscope does not trust .*--tlscacert/);
  assert.match(classifyDockerError(tls('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), { words: EDITOR_WORDS }).message, /set dockscope\.docker\.tlsCaCert/);
  assert.match(classifyDockerError(tls('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames: IP: 10.0.0.1 is not in the cert's list: 127.0.0.1"), { words: CLI_WORDS }).message, /not valid for this host name/);
  assert.match(classifyDockerError(tls('CERT_HAS_EXPIRED', 'certificate has expired'), { words: CLI_WORDS }).message, /has expired/);
  assert.match(classifyDockerError(tls('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), { words: CLI_WORDS }).message, /does not speak TLS .*drop --tls/);
  const plainToTls = Object.assign(new Error('(HTTP code 400) unexpected - Client sent an HTTP request to an HTTPS server.'), { statusCode: 400, json: 'Client sent an HTTP request to an HTTPS server.\n' });
  assert.match(classifyDockerError(plainToTls, { words: CLI_WORDS }).message, /speaks TLS .*pass --tlsverify/);
  assert.match(classifyDockerError(plainToTls, { words: EDITOR_WORDS }).message, /set dockscope\.docker\.tlsCaCert/);
});

test('ssh failures keep the message the tunnel wrote (host key, login, remote docker)', () => {
  const failure = classifyDockerError(new DockerError('ssh', 'The host key of box has changed'), { words: CLI_WORDS });
  assert.deepEqual([failure.kind, failure.message], ['ssh', 'The host key of box has changed']);
});
