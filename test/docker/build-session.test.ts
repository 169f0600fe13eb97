// The context through a BuildKit file-sync session, against the real daemon: a rebuild sends only
// the file that changed; a daemon that refuses /session gets the tar instead, and says so.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import Docker from 'dockerode';
import { dockerOrSkip, ensureBusyboxImage, BUSYBOX_IMAGE } from '../helpers/docker';
import { tempContext, type TreeEntry } from '../helpers/buildContext';
import { runBuild } from '../../engine/build/runner';

const TAG = 'dockscope-test/build-session:1';

function sourceFiles(count: number): Record<string, TreeEntry> {
  const files: Record<string, TreeEntry> = {};
  for (let i = 0; i < count; i++) files[`src/part${i}.bin`] = randomBytes(20_000);
  return files;
}

test('a rebuild through the session sends only the file that changed', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  t.after(() => docker.getImage(TAG).remove({ force: true }).catch(() => undefined));
  const context = tempContext({
    Dockerfile: `FROM ${BUSYBOX_IMAGE}\nCOPY . /ctx\nRUN find /ctx -type f | wc -l\n`,
    '.dockerignore': 'ignored/\n',
    'ignored/big.bin': randomBytes(200_000),
    ...sourceFiles(20),
  });
  t.after(context.cleanup);
  const request = { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, tag: TAG, network: 'none' };

  const first = await runBuild(docker, request);
  assert.equal(first.outcome, 'succeeded', first.error ?? '');
  assert.equal(first.contextTransport, 'session');
  // .dockerignore (read first, on its own), then the Dockerfile, .dockerignore and the 20 parts;
  // the ignored folder never travels.
  assert.equal(first.contextFiles, 23);
  assert.ok(first.contextBytes > 20 * 20_000 && first.contextBytes < 20 * 20_000 + 50_000, `first build sent ${first.contextBytes} B`);

  writeFileSync(path.join(context.dir, 'src/part7.bin'), randomBytes(20_000));
  const second = await runBuild(docker, request);
  assert.equal(second.outcome, 'succeeded', second.error ?? '');
  assert.equal(second.contextFiles, 1, 'only the changed file is sent again');
  // Its bytes plus the file list (one STAT packet per entry).
  assert.ok(second.contextBytes > 20_000 && second.contextBytes < 30_000, `rebuild sent ${second.contextBytes} B`);
  assert.ok(!second.steps.find((step) => step.instruction === 'COPY')?.cached, 'the changed file still invalidates the COPY');
});

test('cancelling while the context is being sent stops the build and closes the session promptly', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  // Enough files that the transfer is still running when the abort lands.
  const files: Record<string, TreeEntry> = { Dockerfile: `FROM ${BUSYBOX_IMAGE}\nCOPY . /ctx\n` };
  for (let i = 0; i < 3000; i++) files[`d${i % 30}/f${i}.bin`] = randomBytes(20_000);
  const context = tempContext(files);
  t.after(context.cleanup);
  const controller = new AbortController();
  let abortedAt = 0;
  const record = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, network: 'none' }, {
    signal: controller.signal,
    onProgress: ({ steps }) => {
      if (!abortedAt && steps.some((step) => step.kind === 'context' && /build context/.test(step.name) && !step.completed)) {
        abortedAt = performance.now();
        controller.abort();
      }
    },
  });
  assert.ok(abortedAt, 'the transfer step was seen running');
  assert.equal(record.outcome, 'cancelled');
  assert.ok(performance.now() - abortedAt < 10_000, 'runBuild returned soon after the abort');
  assert.ok(record.contextFiles < 3000, `the transfer stopped early (${record.contextFiles} files sent)`);
});

/** An HTTP proxy to the real daemon that answers 404 to /session, as a daemon without sessions does. */
async function proxyWithoutSessions(target: Docker, socketPath: string): Promise<http.Server> {
  const upstream = (target.modem as unknown as { socketPath: string }).socketPath;
  const server = http.createServer((request, response) => {
    if (/^(\/v[\d.]+)?\/session/.test(request.url ?? '')) {
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end('{"message":"page not found"}');
      return;
    }
    const forwarded = http.request({ socketPath: upstream, path: request.url, method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    forwarded.on('error', () => response.destroy());
    request.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return server;
}

test('a daemon that refuses /session gets the context as a tar, and the build says so', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  if (!(docker.modem as unknown as { socketPath?: string }).socketPath) return t.skip('the proxy needs a unix-socket DOCKER_HOST');
  const socketPath = path.join(tmpdir(), `dockscope-no-session-${randomUUID()}.sock`);
  const proxy = await proxyWithoutSessions(docker, socketPath);
  t.after(() => { proxy.closeAllConnections(); proxy.close(); rmSync(socketPath, { force: true }); });
  const context = tempContext({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nCOPY a.txt /a.txt\nRUN cat /a.txt\n`, 'a.txt': `${randomUUID()}\n` });
  t.after(context.cleanup);

  const texts: string[] = [];
  const record = await runBuild(new Docker({ socketPath }), { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, network: 'none' }, { onText: (text) => texts.push(text) });
  assert.equal(record.outcome, 'succeeded', record.error ?? '');
  assert.equal(record.builder, 'buildkit');
  assert.equal(record.contextTransport, 'tar');
  assert.equal(record.contextFiles, 2, 'the tar holds the Dockerfile and a.txt');
  assert.ok(texts.some((text) => /did not open a BuildKit session \(page not found\); sending the context as a tar/.test(text)), texts.join('\n'));
});
