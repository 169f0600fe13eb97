// The context Dockscope sends equals what the Docker CLI (BuildKit) sends for the same
// .dockerignore: both build an image that copies the whole context, and the copied trees match.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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
