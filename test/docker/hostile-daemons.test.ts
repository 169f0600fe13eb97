// Daemons that misbehave, faked on unix sockets (test/helpers/fakeDaemon.ts): one that accepts
// and never answers, one that answers 200 with something that is not JSON, an export that stalls
// half way, a daemon that hangs up in the middle of a build, a TLS port talked to in plain HTTP.
// Every engine call and every CLI command must end within its timeout (or at once on Ctrl-C,
// exit 130) with a message that names the endpoint, the request and the cause, in the words of
// the interface: flags in the CLI, settings in the editor.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import * as path from 'node:path';
import { test } from 'node:test';
import * as tar from 'tar-stream';
import { analyzeImage } from '../../engine/analysis/index';
import { runBuild } from '../../engine/build/runner';
import { checkDaemon, createDockerClient, resolveDockerEndpoint } from '../../engine/docker/connection';
import { classifyDockerError, type DockerErrorKind, EDITOR_WORDS } from '../../engine/docker/errors';
import { getImageLayers, listImages } from '../../engine/docker/images';
import { tempContext } from '../helpers/buildContext';
import { fakeHttpDaemon, type FakeDaemon, silentDaemon, tlsPortDaemon } from '../helpers/fakeDaemon';

const CLI = resolve(__dirname, '../../dist/cli.js');
const TIMEOUT_S = 0.5;

function clientOf(fake: FakeDaemon, timeoutSeconds = TIMEOUT_S) {
  const endpoint = resolveDockerEndpoint({ settingHost: fake.host, env: {} });
  return { docker: createDockerClient(endpoint, { timeoutSeconds }), endpoint: endpoint.description };
}

/** Awaits the failure; checks its kind, that it came in time, and returns the editor's message. */
async function failsWith(work: Promise<unknown>, kind: DockerErrorKind, endpoint: string, withinMs: number): Promise<string> {
  const started = performance.now();
  let caught: unknown;
  await work.then(() => assert.fail(`expected a ${kind} failure`), (error) => { caught = error; });
  const elapsed = performance.now() - started;
  const failure = classifyDockerError(caught, { words: EDITOR_WORDS, endpoint });
  assert.equal(failure.kind, kind, `${failure.message} | ${failure.detail}`);
  assert.ok(elapsed < withinMs, `took ${Math.round(elapsed)} ms (limit ${withinMs})`);
  if (kind !== 'cancelled') assert.ok(failure.message.includes(endpoint), failure.message);
  return failure.message;
}

interface CliRun { status: number | null; stderr: string; stdout: string; ms: number }

/** Runs the CLI; `interruptWhen` sends SIGINT once it returns true (polled). */
function runCli(args: string[], interruptWhen?: () => boolean, cwd?: string): Promise<CliRun> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, DOCKER_HOST: '' } });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  let interruptedAt = 0;
  const poll = interruptWhen && setInterval(() => {
    if (!interruptedAt && interruptWhen()) { interruptedAt = performance.now(); child.kill('SIGINT'); }
  }, 20);
  return new Promise((done) => child.on('close', (status) => {
    if (poll) clearInterval(poll);
    done({ status, stderr, stdout, ms: performance.now() - (interruptedAt || started) });
  }));
}

function context() {
  const made = tempContext({ Dockerfile: 'FROM scratch\nCOPY a.txt /a.txt\n', 'a.txt': 'a\n' });
  return { ...made, dockerfile: path.join(made.dir, 'Dockerfile') };
}

/** Answers inspect/history/list like a daemon holding one tiny image; `exportImage` serves /get. */
function imageDaemon(exportImage: (res: import('node:http').ServerResponse) => void): Promise<FakeDaemon> {
  return fakeHttpDaemon((req, res) => {
    const url = req.url ?? '';
    if (url.includes('/history')) return res.end(JSON.stringify([{ Id: 'sha256:1', Created: 1, CreatedBy: 'COPY a /a # buildkit', Size: 10, Tags: ['img:1'], Comment: '' }]));
    if (url.endsWith('/get')) return exportImage(res);
    if (url.startsWith('/images/json')) return res.end('[]');
    if (url.includes('/json')) return res.end(JSON.stringify({ Id: 'sha256:1', RepoTags: ['img:1'], Size: 1 << 20, Created: '2020-01-01T00:00:00Z', RootFS: { Layers: ['sha256:l'] } }));
    res.statusCode = 404;
    res.end('{"message":"page not found"}');
  });
}

/** Half of a plausible export: a layer entry announced at 1 MiB, 512 kB of it sent. */
function halfAnExport(res: import('node:http').ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/x-tar' });
  const pack = tar.pack();
  pack.entry({ name: 'l/layer.tar', size: 1 << 20 });
  pack.once('data', (header) => { res.write(Buffer.concat([header as Buffer, Buffer.alloc(512 << 10)])); });
}

test('a socket that accepts and never answers: every engine call times out, naming the request and the setting', async (t) => {
  const fake = await silentDaemon();
  t.after(fake.close);
  const { docker, endpoint } = clientOf(fake);
  const within = TIMEOUT_S * 1000 + 1500;
  const inspect = await failsWith(getImageLayers(docker, 'img:1'), 'timeout', endpoint, within);
  assert.match(inspect, /did not answer GET \/images\/img:1\/json within 0\.5 s .*set dockscope\.docker\.timeoutSeconds/);
  await failsWith(listImages(docker), 'timeout', endpoint, within);
  await failsWith(checkDaemon(docker), 'timeout', endpoint, within);
  await failsWith(analyzeImage(docker, 'img:1'), 'timeout', endpoint, within);
  const ctx = context();
  t.after(ctx.cleanup);
  const build = await failsWith(runBuild(docker, { dockerfile: ctx.dockerfile, context: ctx.dir }), 'timeout', endpoint, within);
  assert.match(build, /did not answer POST \/session/);
  await fake.allClosed(fake.connections());
});

test('cancelling an engine call aborts the request in flight at once', async (t) => {
  const fake = await silentDaemon();
  t.after(fake.close);
  const { docker, endpoint } = clientOf(fake, 60);
  const ctx = context();
  t.after(ctx.cleanup);
  const calls: Array<[string, (signal: AbortSignal) => Promise<unknown>]> = [
    ['inspect + history', (signal) => getImageLayers(docker, 'img:1', { signal })],
    ['list', (signal) => listImages(docker, signal)],
    ['version', (signal) => checkDaemon(docker, signal)],
    ['export', (signal) => analyzeImage(docker, 'img:1', { signal })],
  ];
  for (const [name, call] of calls) {
    const controller = new AbortController();
    const before = fake.connections();
    const work = call(controller.signal);
    while (fake.connections() === before) await new Promise((wake) => setTimeout(wake, 5));
    controller.abort();
    await failsWith(work, 'cancelled', endpoint, 500).catch((error) => { throw new Error(`${name}: ${error}`); });
  }
  // A build cancelled while its session is being opened: a cancelled record, no hang.
  const controller = new AbortController();
  const before = fake.connections();
  const build = runBuild(docker, { dockerfile: ctx.dockerfile, context: ctx.dir }, { signal: controller.signal });
  while (fake.connections() === before) await new Promise((wake) => setTimeout(wake, 5));
  const started = performance.now();
  controller.abort();
  await build.then((record) => assert.equal(record.outcome, 'cancelled'), (error) => assert.equal(classifyDockerError(error, { words: EDITOR_WORDS }).kind, 'cancelled'));
  assert.ok(performance.now() - started < 500);
  await fake.allClosed(fake.connections());
});

test('the CLI times out against a silent socket: layers, layers --files, build, each with --timeout in its message', async (t) => {
  const fake = await silentDaemon();
  t.after(fake.close);
  const ctx = context();
  t.after(ctx.cleanup);
  for (const args of [['layers', 'img:1'], ['layers', '--files', 'img:1'], ['build', ctx.dir]]) {
    const run = await runCli([...args, '--host', fake.host, '--timeout', String(TIMEOUT_S)]);
    assert.equal(run.status, 1, run.stderr);
    assert.ok(run.ms < 20000, `${args.join(' ')}: ${Math.round(run.ms)} ms`);
    assert.match(run.stderr, new RegExp(`^dockscope ${args[0]}: The Docker daemon at unix://\\S+ \\(--host\\) did not answer (GET|POST) /\\S+ within 0\\.5 s .*pass --timeout SECONDS\\.\\n$`));
    assert.doesNotMatch(run.stderr, /dockscope\.docker/);
  }
  const usage = await runCli(['layers', 'img:1', '--timeout', '0']);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /"0" is not a positive number of seconds/);
});

test('Ctrl-C stops every CLI command at once, closes its connections and exits 130', async (t) => {
  const silent = await silentDaemon();
  t.after(silent.close);
  let exporting = false;
  const stalling = await imageDaemon((res) => { exporting = true; halfAnExport(res); });
  t.after(stalling.close);
  let streaming = false;
  // A build that keeps streaming progress until the client goes away (the context came as a tar).
  const building = await fakeHttpDaemon((req, res) => {
    if (req.url?.startsWith('/session')) { res.statusCode = 404; res.end('{"message":"page not found"}'); return; }
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      streaming = true;
      const timer = setInterval(() => res.write('{"stream":"Step 1/2 : FROM scratch\\n"}\n'), 50);
      res.on('close', () => clearInterval(timer));
    });
  });
  t.after(building.close);
  const ctx = context();
  t.after(ctx.cleanup);
  const cases: Array<[string, FakeDaemon, string[], () => boolean]> = [
    ['layers (inspect in flight)', silent, ['layers', 'img:1'], () => silent.connections() >= 1],
    ['layers --files (export in flight)', stalling, ['layers', '--files', 'img:1'], () => exporting],
    ['build (session being opened)', silent, ['build', ctx.dir], () => silent.connections() >= 2],
    ['build (build streaming)', building, ['build', ctx.dir], () => streaming],
  ];
  for (const [name, fake, args, ready] of cases) {
    const run = await runCli([...args, '--host', fake.host], ready);
    assert.equal(run.status, 130, `${name}: ${run.stderr}`);
    assert.ok(run.ms < 1500, `${name}: exited ${Math.round(run.ms)} ms after Ctrl-C`);
    assert.match(run.stderr, new RegExp(`dockscope ${args[0]}: interrupted\\n$`), name);
    await fake.allClosed(fake.connections());
  }
});

test('HTTP 200 with a body that is not JSON, or JSON of the wrong shape: named as not a Docker daemon', async (t) => {
  const html = await fakeHttpDaemon((_req, res) => res.end('<html>hello from a web server</html>'));
  t.after(html.close);
  const { docker, endpoint } = clientOf(html, 5);
  const message = await failsWith(getImageLayers(docker, 'img:1'), 'bad-answer', endpoint, 3000);
  assert.match(message, /not answering as a Docker daemon: It answered GET \/images\/img:1\/json with a body that is not JSON \(36 bytes: "<html>hello from a web server<\/html>"\)\./);
  assert.match(message, /set dockscope\.docker\.host/);
  await failsWith(checkDaemon(docker), 'bad-answer', endpoint, 3000);
  await failsWith(listImages(docker), 'bad-answer', endpoint, 3000);
  const run = await runCli(['layers', 'img:1', '--host', html.host]);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /^dockscope layers: What listens at unix:\/\/\S+ \(--host\) is not answering as a Docker daemon: .*not JSON.*pass --host/);

  const odd = await fakeHttpDaemon((req, res) => res.end(req.url?.includes('history') ? '{"not":"a list"}' : JSON.stringify({ Id: 'sha256:1', Size: 1 })));
  t.after(odd.close);
  const wrong = clientOf(odd, 5);
  assert.match(await failsWith(getImageLayers(wrong.docker, 'img:1'), 'bad-answer', wrong.endpoint, 3000), /answer to GET \/images\/sha256:1\/history is not what the Engine API returns/);
});

test('an export that stalls half way: the analysis notices and says so, in the editor and in the CLI', async (t) => {
  const fake = await imageDaemon(halfAnExport);
  t.after(fake.close);
  const { docker, endpoint } = clientOf(fake);
  const read: number[] = [];
  const message = await failsWith(analyzeImage(docker, 'img:1', { onProgress: ({ bytesRead }) => read.push(bytesRead) }), 'stalled', endpoint, TIMEOUT_S * 1000 + 1500);
  assert.match(message, /sent nothing for 0\.5 s in the middle of GET \/images\/img:1\/get: the transfer stalled\. .*set dockscope\.docker\.timeoutSeconds/);
  assert.ok(read.length > 0, 'the export started before it stalled');
  const run = await runCli(['layers', '--files', 'img:1', '--host', fake.host, '--timeout', String(TIMEOUT_S)]);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /dockscope layers: The Docker daemon at \S+ \(--host\) sent nothing for 0\.5 s in the middle of GET \/images\/img:1\/get.*pass --timeout SECONDS/);
  await fake.allClosed(fake.connections());
});

test('a daemon that hangs up in the middle of a build: the request and the cause are named', async (t) => {
  const fake = await fakeHttpDaemon((req, res) => {
    if (req.url?.startsWith('/session')) { res.statusCode = 404; res.end('{"message":"page not found"}'); return; }
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"stream":"Step 1/2 : FROM scratch\\n"}\n', () => setTimeout(() => res.socket?.destroy(), 50));
    });
  });
  t.after(fake.close);
  const { docker, endpoint } = clientOf(fake, 5);
  const ctx = context();
  t.after(ctx.cleanup);
  const message = await failsWith(runBuild(docker, { dockerfile: ctx.dockerfile, context: ctx.dir }), 'stream-interrupted', endpoint, 3000);
  assert.match(message, /closed the connection in the middle of POST \/build \(restarted or stopped\?\): aborted/);
  const run = await runCli(['build', ctx.dir, '--host', fake.host]);
  assert.equal(run.status, 1);
  assert.match(run.stderr, /^dockscope build: The Docker daemon at unix:\/\/\S+ \(--host\) closed the connection in the middle of POST \/build/);
});

test('plain HTTP to a TLS port: said to speak TLS, for layers and for a build', async (t) => {
  const fake = await tlsPortDaemon();
  t.after(fake.close);
  const { docker, endpoint } = clientOf(fake, 5);
  const ctx = context();
  t.after(ctx.cleanup);
  for (const work of [getImageLayers(docker, 'img:1'), runBuild(docker, { dockerfile: ctx.dockerfile, context: ctx.dir })]) {
    assert.match(await failsWith(work, 'tls', endpoint, 3000), /speaks TLS .*dockscope\.docker\.tlsCaCert.*DOCKER_TLS_VERIFY/);
  }
  for (const args of [['layers', 'img:1'], ['build', ctx.dir]]) {
    const run = await runCli([...args, '--host', fake.host]);
    assert.equal(run.status, 1);
    assert.match(run.stderr, new RegExp(`^dockscope ${args[0]}: The Docker daemon at unix://\\S+ \\(--host\\) speaks TLS.*--tlsverify`));
  }
});
