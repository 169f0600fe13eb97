// What the layers engine does when things go wrong: no daemon, a socket we may not open, an
// image removed between listing and analysis, garbage archives, a daemon that dies (or is too
// old) mid-conversation, cancellation. Each must end in a classified DockerError, never a hang.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import * as tar from 'tar-stream';
import { analyzeArchive, analyzeImage } from '../../engine/analysis/index';
import { checkDaemon, createDockerClient, resolveDockerEndpoint } from '../../engine/docker/connection';
import { classifyDockerError, DockerError, type DockerErrorKind, EDITOR_WORDS } from '../../engine/docker/errors';
import { getImageLayers, listImages } from '../../engine/docker/images';
import { BUSYBOX_IMAGE, buildImage, dockerOrSkip, ensureBusyboxImage } from '../helpers/docker';

const CLI = resolve(__dirname, '../../dist/cli.js');

function clientAt(socketPath: string) {
  return createDockerClient(resolveDockerEndpoint({ settingHost: `unix://${socketPath}`, env: {} }));
}

async function rejectsWith(promise: Promise<unknown>, kind: DockerErrorKind): Promise<DockerError | unknown> {
  let caught: unknown;
  await promise.then(() => assert.fail(`expected a ${kind} failure`), (error) => { caught = error; });
  assert.equal(classifyDockerError(caught, { words: EDITOR_WORDS }).kind, kind, String(caught));
  return caught;
}

/** A fake Engine API on a unix socket. */
async function fakeDaemon(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ socket: string; server: Server; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'dockscope-fake-'));
  const socket = join(dir, 'docker.sock');
  const server = createServer(handler);
  await new Promise<void>((done) => server.listen(socket, done));
  return {
    socket,
    server,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => { rmSync(dir, { recursive: true, force: true }); done(); });
    }),
  };
}

function tarOf(files: Record<string, string | Buffer>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, content] of Object.entries(files)) pack.entry({ name }, content);
  pack.finalize();
  const chunks: Buffer[] = [];
  return new Promise((done, fail) => {
    pack.on('data', (chunk) => { chunks.push(chunk as Buffer); });
    pack.on('end', () => done(Buffer.concat(chunks)));
    pack.on('error', fail);
  });
}

test('no daemon at the endpoint: unreachable, with the endpoint in the message', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dockscope-dead-'));
  try {
    const missing = join(dir, 'none.sock');
    const error = await rejectsWith(getImageLayers(clientAt(missing), 'anything'), 'unreachable');
    assert.match(classifyDockerError(error, { words: EDITOR_WORDS, endpoint: `unix://${missing}` }).message, /Cannot reach the Docker daemon at unix:\/\/.*none\.sock/);
    // A socket file nobody listens on any more (the daemon was killed): ECONNREFUSED.
    const dead = join(dir, 'dead.sock');
    const script = `require('net').createServer().listen(${JSON.stringify(dead)}, () => process.kill(process.pid, 'SIGKILL'))`;
    spawnSync(process.execPath, ['-e', script]);
    await rejectsWith(listImages(clientAt(dead)), 'unreachable');
    await rejectsWith(analyzeImage(clientAt(dead), 'anything'), 'unreachable');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a socket this user may not open: permission denied', async (t) => {
  const fake = await fakeDaemon((_req, res) => res.end('{}'));
  t.after(fake.close);
  chmodSync(fake.socket, 0o600);
  if (process.getuid?.() !== 0) {
    chmodSync(fake.socket, 0o000);
    await rejectsWith(listImages(clientAt(fake.socket)), 'permission-denied');
    return;
  }
  // As root every socket opens, so run the CLI as "nobody" against a root-only (0600) socket.
  const child = spawn(process.execPath, [CLI, 'layers', 'img', '--host', `unix://${fake.socket}`], { uid: 65534, gid: 65534, env: { PATH: process.env.PATH ?? '' } });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const status = await new Promise((done) => child.on('close', done));
  assert.equal(status, 1);
  assert.match(stderr, /Permission denied on the Docker socket at unix:\/\/.*docker\.sock \(--host\)/);
});

test('an image removed between listing and analysis: image-not-found', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  const tag = 'dockscope-test/layers-failures:gone';
  const id = await buildImage(docker, { Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN echo $RANDOM > /r\n` }, tag);
  t.after(() => docker.getImage(tag).remove({ force: true }).catch(() => undefined));
  assert.ok((await listImages(docker)).some((image) => image.id === id));
  await docker.getImage(tag).remove({ force: true });
  for (const ref of [tag, id]) {
    const error = await rejectsWith(analyzeImage(docker, ref), 'image-not-found');
    assert.match(classifyDockerError(error, { words: EDITOR_WORDS, image: ref }).message, /is not on the daemon/);
    await rejectsWith(getImageLayers(docker, ref), 'image-not-found');
  }
});

test('garbage archives: bad-archive, never a crash', async () => {
  const random = Buffer.alloc(64 * 1024);
  for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) % 251;
  await rejectsWith(analyzeArchive(Readable.from([random]), 'x'), 'bad-archive');
  await rejectsWith(analyzeArchive(Readable.from([]), 'x'), 'bad-archive');
  await rejectsWith(analyzeArchive(Readable.from([await tarOf({ 'hello.txt': 'hi' })]), 'x'), 'bad-archive');
  // A well-formed outer tar whose layer is garbage.
  const manifest = JSON.stringify([{ Config: 'c.json', RepoTags: ['x:1'], Layers: ['l/layer.tar'] }]);
  const config = JSON.stringify({ rootfs: { diff_ids: ['sha256:0'] }, history: [{ created_by: 'RUN x' }] });
  const garbageLayer = await tarOf({ 'l/layer.tar': random, 'c.json': config, 'manifest.json': manifest });
  const error = await rejectsWith(analyzeArchive(Readable.from([garbageLayer]), 'x'), 'bad-archive');
  assert.match(String((error as Error).message), /l\/layer\.tar/);
  // A manifest that names a layer the archive lacks; a corrupt gzip layer.
  await rejectsWith(analyzeArchive(Readable.from([await tarOf({ 'c.json': config, 'manifest.json': manifest })]), 'x'), 'bad-archive');
  const badGzip = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]), random]);
  await rejectsWith(analyzeArchive(Readable.from([await tarOf({ 'l/layer.tar': badGzip, 'c.json': config, 'manifest.json': manifest })]), 'x'), 'bad-archive');
  // A truncated file (not a dropped connection): the tar ends mid-entry.
  await rejectsWith(analyzeArchive(Readable.from([garbageLayer.subarray(0, 1500)]), 'x'), 'bad-archive');
});

test('the daemon dies in the middle of the export: stream-interrupted', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  const saved = spawnSync('docker', ['save', BUSYBOX_IMAGE], { maxBuffer: 64 << 20 });
  assert.equal(saved.status, 0, String(saved.stderr));
  const archive = saved.stdout;
  const fake = await fakeDaemon((req, res) => {
    if (req.url?.endsWith('/json')) {
      res.end(JSON.stringify({ Id: 'sha256:x', Size: archive.length }));
      return;
    }
    // Half the archive, then the connection drops (a daemon crash or restart).
    res.writeHead(200, { 'Content-Type': 'application/x-tar' });
    res.write(archive.subarray(0, archive.length >> 1), () => setTimeout(() => res.socket?.destroy(), 20));
  });
  t.after(fake.close);
  const progress: number[] = [];
  const error = await rejectsWith(analyzeImage(clientAt(fake.socket), BUSYBOX_IMAGE, { onProgress: ({ bytesRead }) => progress.push(bytesRead) }), 'stream-interrupted');
  assert.match(classifyDockerError(error, { words: EDITOR_WORDS }).message, /closed the connection in the middle of the transfer/);
  assert.ok(progress.length > 0 && progress.every((bytes) => bytes <= archive.length >> 1));
});

test('cancelling stops the stream: cancelled, and the daemon sees the connection close', async (t) => {
  let closed!: () => void;
  const connectionClosed = new Promise<void>((done) => { closed = done; });
  const fake = await fakeDaemon((req, res) => {
    if (req.url?.endsWith('/json')) {
      res.end(JSON.stringify({ Id: 'sha256:x', Size: 1 << 30 }));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/x-tar' });
    // An endless export: one big file entry, streamed until the client goes away.
    const header = tar.pack();
    header.entry({ name: 'l/layer.tar', size: 1 << 30 });
    header.once('data', (chunk) => { res.write(chunk as Buffer); });
    const zeros = Buffer.alloc(64 * 1024);
    const timer = setInterval(() => res.write(zeros), 5);
    res.on('close', () => { clearInterval(timer); closed(); });
  });
  t.after(fake.close);
  const controller = new AbortController();
  const run = analyzeImage(clientAt(fake.socket), 'x', { signal: controller.signal, onProgress: ({ bytesRead }) => { if (bytesRead > 256 * 1024) controller.abort(); } });
  await rejectsWith(run, 'cancelled');
  await connectionClosed;
});

test('a daemon older than API 1.41: api-too-old', async (t) => {
  const fake = await fakeDaemon((_req, res) => res.end(JSON.stringify({ ApiVersion: '1.40', Version: '19.03.15', Os: 'linux' })));
  t.after(fake.close);
  const error = await rejectsWith(checkDaemon(clientAt(fake.socket)), 'api-too-old');
  assert.match(classifyDockerError(error, { words: EDITOR_WORDS }).message, /needs Engine API 1\.41/);
});

test('the CLI reports an unreachable daemon on stderr with exit 1', () => {
  const result = spawnSync(process.execPath, [CLI, 'layers', 'img', '--host', 'unix:///nonexistent/docker.sock'], { encoding: 'utf8' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /^dockscope layers: Cannot reach the Docker daemon at unix:\/\/\/nonexistent\/docker\.sock \(--host\)/);
  assert.ok(readFileSync(CLI).length > 0);
});
