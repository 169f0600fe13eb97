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
