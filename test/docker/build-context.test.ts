// The context Dockscope sends equals what the Docker CLI (BuildKit) sends for the same
// .dockerignore: both build an image that copies the whole context, and the copied trees match.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { test } from 'node:test';
import type Docker from 'dockerode';
import * as tar from 'tar-stream';
import { dockerOrSkip, ensureBusyboxImage, BUSYBOX_IMAGE } from '../helpers/docker';
import { tempContext } from '../helpers/buildContext';
import { runBuild } from '../../engine/build/runner';

const DOCKER_CLI = '/usr/bin/docker';
const IGNORE = `# comments are ignored
.git
node_modules
**/*.log
!logs/important.log
/bin
*.md
!README.md
.env*
!.env.example
a/**/c
*.tmp
`;

const FILES = {
  Dockerfile: `FROM ${BUSYBOX_IMAGE}\nCOPY . /ctx\n`,
  '.dockerignore': IGNORE,
  '.git/HEAD': 'ref: refs/heads/main\n',
  'node_modules/x/index.js': 'module.exports = 1;\n',
  'app.log': 'log\n',
  'logs/debug.log': 'debug\n',
  'logs/important.log': 'keep\n',
  'logs/readme.txt': 'kept\n',
  'bin/tool': { content: '#!/bin/sh\n', mode: 0o755 },
  'src/bin/helper': 'nested bin is not /bin\n',
  'NOTES.md': 'root markdown is ignored\n',
  'README.md': 'readme is re-included\n',
  'a/z.md': 'markdown below the root is sent\n',
  '.env': 'SECRET=1\n',
  '.env.local': 'SECRET=2\n',
  '.env.example': 'SECRET=\n',
  'a/b/c': 'ignored by a/**/c\n',
  'a/c': 'also ignored by a/**/c\n',
  'a/b/d': 'sent\n',
  'scratch.tmp': 'tmp\n',
  'src/main.go': 'package main\n',
  'src/run.sh': { content: '#!/bin/sh\necho hi\n', mode: 0o750 },
  'link-to-main': { symlink: 'src/main.go' },
  'empty-dir/.keep': '',
};

/** Path, type, mode and link target of everything under /ctx in the image. */
async function copiedTree(docker: Docker, image: string): Promise<string[]> {
  const container = await docker.createContainer({ Image: image, Cmd: ['true'] });
  try {
    const archive = await container.getArchive({ path: '/ctx' });
    const entries: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const extract = tar.extract();
      extract.on('entry', (header, stream, next) => {
        entries.push(`${header.name.replace(/\/$/, '')} ${header.type} ${(header.mode ?? 0).toString(8)}${header.linkname ? ` -> ${header.linkname}` : ''}`);
        stream.on('end', next);
        stream.resume();
      });
      extract.on('finish', resolve);
      extract.on('error', reject);
      archive.pipe(extract);
    });
    return entries.sort();
  } finally {
    await container.remove({ force: true });
  }
}

test('the context sent honours .dockerignore exactly as the Docker CLI with BuildKit', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  const cliTag = 'dockscope-test/build-context-cli:1';
  const oursTag = 'dockscope-test/build-context-ours:1';
  t.after(async () => {
    for (const tag of [cliTag, oursTag]) await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
  });
  const context = tempContext(FILES);
  t.after(context.cleanup);

  const cli = spawnSync(DOCKER_CLI, ['build', '--network', 'none', '-t', cliTag, context.dir], {
    encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '1' },
  });
  if (cli.error) return t.skip(`${DOCKER_CLI} is not available: ${cli.error.message}`);
  assert.equal(cli.status, 0, cli.stderr);

  const ours = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, tag: oursTag, network: 'none' });
  assert.equal(ours.outcome, 'succeeded', ours.error ?? '');

  const expected = await copiedTree(docker, cliTag);
  const actual = await copiedTree(docker, oursTag);
  assert.deepEqual(actual, expected);
  // The comparison is only meaningful if the ignore file did something both ways.
  assert.ok(expected.some((entry) => entry.startsWith('ctx/logs/important.log ')));
  assert.ok(!expected.some((entry) => entry.startsWith('ctx/NOTES.md ') || entry.startsWith('ctx/.git')));
  assert.ok(expected.some((entry) => entry.startsWith('ctx/link-to-main symlink')));
  assert.ok(expected.some((entry) => entry.startsWith('ctx/src/run.sh file 100750')));
});

/** Every entry under /ctx as the image's own busybox sees it: raw name bytes, type, size, mode, device numbers, link target. */
async function listing(docker: Docker, image: string): Promise<Buffer> {
  const container = await docker.createContainer({ Image: image, Cmd: ['true'] });
  try {
    const archive = await container.getArchive({ path: '/listing' });
    let content = Buffer.alloc(0);
    await new Promise<void>((resolve, reject) => {
      const extract = tar.extract();
      extract.on('entry', (_header, stream, next) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk) => { chunks.push(chunk as Buffer); });
        stream.on('end', () => { content = Buffer.concat(chunks); next(); });
      });
      extract.on('finish', resolve);
      extract.on('error', reject);
      archive.pipe(extract);
    });
    return content;
  } finally {
    await container.remove({ force: true });
  }
}

test('special files and names that are not UTF-8 reach the build as with `DOCKER_BUILDKIT=1 docker build`', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  const cliTag = 'dockscope-test/build-context-special-cli:1';
  const oursTag = 'dockscope-test/build-context-special-ours:1';
  t.after(async () => {
    for (const tag of [cliTag, oursTag]) await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
  });
  const context = tempContext({
    Dockerfile: `FROM ${BUSYBOX_IMAGE}\nCOPY . /ctx\nRUN cd /ctx && find . -exec stat -c '%n|%F|%s|%a|%t:%T|%N' {} + | sort > /listing\n`,
    'ok.txt': 'ok\n',
  });
  t.after(context.cleanup);
  const root = Buffer.from(context.dir);
  const at = (...parts: Array<string | Buffer>) => Buffer.concat([root, ...parts.flatMap((part) => [Buffer.from('/'), Buffer.from(part)])]);
  const badName = Buffer.from([0x62, 0x61, 0x64, 0x2d, 0xff, 0xfe, 0x2e, 0x74, 0x78, 0x74]); // "bad-\xff\xfe.txt"
  const badDir = Buffer.from([0x64, 0x69, 0x72, 0x2d, 0xc3]); // "dir-" and half of a two-byte sequence
  writeFileSync(at(badName), 'bad\n');
  mkdirSync(at(badDir));
  writeFileSync(at(badDir, 'inner'), 'inner\n');
  symlinkSync(badName, at('to-bad'));
  // A unix socket (a running dev server's, say), a FIFO, and devices when we may make them.
  const socket = createServer();
  await new Promise<void>((done) => socket.listen(path.join(context.dir, 'app.sock'), done));
  t.after(() => socket.close());
  assert.equal(spawnSync('mkfifo', [path.join(context.dir, 'fifo')]).status, 0);
  const root0 = process.getuid?.() === 0;
  if (root0) {
    assert.equal(spawnSync('mknod', [path.join(context.dir, 'chardev'), 'c', '1', '3']).status, 0);
    assert.equal(spawnSync('mknod', [path.join(context.dir, 'blockdev'), 'b', '7', '200']).status, 0);
  }

  const cli = spawnSync(DOCKER_CLI, ['build', '--network', 'none', '-t', cliTag, context.dir], { encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '1' } });
  if (cli.error) return t.skip(`${DOCKER_CLI} is not available: ${cli.error.message}`);
  assert.equal(cli.status, 0, cli.stderr);
  const ours = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, tag: oursTag, network: 'none', noCache: true });
  assert.equal(ours.outcome, 'succeeded', ours.error ?? '');

  const expected = await listing(docker, cliTag);
  const actual = await listing(docker, oursTag);
  assert.equal(actual.toString('latin1'), expected.toString('latin1'));
  // What Docker does, so the comparison covers it: the names' bytes are kept, the socket (and a
  // device) becomes an empty regular file, the FIFO is not copied.
  const lines = expected.toString('latin1').split('\n');
  assert.ok(lines.some((line) => line.startsWith('./bad-\xff\xfe.txt|regular file|4|')), lines.join('\n'));
  assert.ok(lines.some((line) => line.startsWith('./dir-\xc3/inner|regular file|6|')));
  assert.ok(lines.some((line) => line.startsWith('./app.sock|regular empty file|0|')));
  assert.ok(!lines.some((line) => line.startsWith('./fifo|')));
  if (root0) assert.ok(lines.some((line) => line.startsWith('./chardev|regular empty file|0|')));
});
