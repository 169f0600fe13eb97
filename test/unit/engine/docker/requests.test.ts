// The request guard's two clocks (the answer, idleness) and what it refuses, against small HTTP
// servers on unix sockets: an upload that is slow but moving is not a timeout, a paused reader
// is not a stalled daemon, the person's cancellation is not a timeout.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { test, type TestContext } from 'node:test';
import Docker from 'dockerode';
import { DockerError } from '../../../../engine/docker/errors';
import { guardRequests, imagePath, parseTimeoutSeconds, requestJson, requestStream, watchIdle } from '../../../../engine/docker/requests';

async function server(t: TestContext, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Docker> {
  const dir = mkdtempSync(join(tmpdir(), 'dockscope-guard-'));
  const socketPath = join(dir, 's.sock');
  const http = createServer(handler);
  await new Promise<void>((done) => http.listen(socketPath, done));
  t.after(() => new Promise<void>((done) => { http.closeAllConnections(); http.close(() => { rmSync(dir, { recursive: true, force: true }); done(); }); }));
  const docker = new Docker({ socketPath });
  guardRequests(docker, 300);
  return docker;
}

const kindOf = async (work: Promise<unknown>) => work.then(() => 'ok', (error: unknown) => (error instanceof DockerError ? error.kind : (error as Error).name));

test('timeouts are positive seconds; image paths keep references readable and escape the rest', () => {
  assert.equal(parseTimeoutSeconds('2.5'), 2.5);
  for (const bad of ['0', '-1', 'soon', '', 'Infinity']) assert.throws(() => parseTimeoutSeconds(bad), /not a positive number of seconds/);
  assert.equal(imagePath('registry:5000/team/app:1.2@sha256:ab', 'json'), '/images/registry:5000/team/app:1.2@sha256:ab/json');
  assert.equal(imagePath('a?b#c d', 'get'), '/images/a%3Fb%23c%20d/get');
});

test('the answer clock: a silent server times out, a slow but moving upload does not, cancellation stays cancellation', async (t) => {
  const docker = await server(t, (req, res) => {
    if (req.url === '/silent') return;
    req.resume();
    req.on('end', () => res.end(req.url === '/_ping' ? 'OK' : '{"ok":true}'));
  });
  const silent = requestJson(docker, 'GET', '/silent');
  await assert.rejects(silent, (error: unknown) => error instanceof DockerError && error.kind === 'timeout' && error.request === 'GET /silent' && error.seconds === 0.3);
  // A body that takes four timeouts to send, a little at a time: the server answers at its end.
  const body = new PassThrough();
  let sent = 0;
  const drip = setInterval(() => { body.write('x'.repeat(1000)); if (++sent === 12) { clearInterval(drip); body.end(); } }, 100);
  const upload = await requestStream(docker, { method: 'POST', path: '/upload', body });
  upload.resume();
  assert.equal(sent, 12);
  // Text where the Engine API sends text is fine.
  assert.deepEqual(await requestJson<Buffer>(docker, 'GET', '/_ping').then(String), 'OK');
  const controller = new AbortController();
  const cancelled = requestJson(docker, 'GET', '/silent', controller.signal);
  setTimeout(() => controller.abort(), 50);
  assert.equal(await kindOf(cancelled), 'AbortError');
});

test('a server that stops reading the body fails on the body, not after the answer timeout', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'dockscope-guard-'));
  const socketPath = join(dir, 's.sock');
  // Accepts and never reads: the upload stops once the socket's buffers are full.
  const deaf = createNetServer(() => undefined);
  await new Promise<void>((done) => deaf.listen(socketPath, done));
  t.after(() => { deaf.close(); rmSync(dir, { recursive: true, force: true }); });
  const docker = new Docker({ socketPath });
  guardRequests(docker, 300);
  const body = Readable.from((function* () { for (let i = 0; i < 256; i++) yield Buffer.alloc(64 << 10); })());
  const started = performance.now();
  await assert.rejects(requestStream(docker, { method: 'POST', path: '/build', body }), /stopped reading the body of POST \/build/);
  assert.ok(performance.now() - started < 3000);
});

test('a 200 that is not JSON is a bad answer, named with its first bytes', async (t) => {
  const docker = await server(t, (_req, res) => res.end('\x1b]0;owned\x07 not json'));
  await assert.rejects(requestJson(docker, 'GET', '/images/x/json'), (error: unknown) => error instanceof DockerError && error.kind === 'bad-answer' && /not JSON \(19 bytes: "\\u001b\]0;owned\\u0007 not json"\)/.test(error.message));
});

test('the idle clock: a stream that stops fails as stalled, a paused reader does not, nothing is lost', async () => {
  const stalls = new PassThrough();
  const watched = watchIdle(stalls, 100, 'GET /images/x/get');
  stalls.write('first bytes');
  const received: string[] = [];
  // Read late: the watch must not have consumed what came first.
  await new Promise((wake) => setTimeout(wake, 30));
  watched.on('data', (chunk) => received.push(String(chunk)));
  const error = await new Promise<Error>((done) => watched.on('error', done));
  assert.deepEqual(received, ['first bytes']);
  assert.ok(error instanceof DockerError && error.kind === 'stalled' && error.request === 'GET /images/x/get');

  // A reader that holds the stream for four timeouts: the source is paused, not stalled.
  const slow = new PassThrough();
  const held = watchIdle(slow, 100, 'GET /images/x/get');
  const big = Buffer.alloc(256 << 10);
  slow.write(big);
  slow.write(big);
  let bytes = 0;
  held.on('data', (chunk: Buffer) => { bytes += chunk.length; held.pause(); setTimeout(() => held.resume(), 400); });
  setTimeout(() => slow.end(), 450);
  await new Promise<void>((done, fail) => { held.on('end', done); held.on('error', fail); });
  assert.equal(bytes, 2 * big.length);
});
