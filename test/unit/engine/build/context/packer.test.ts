// The context tar without a daemon: what is always sent, a Dockerfile outside the context,
// symlinks and modes, and that byte and file counts match the tar.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import * as tar from 'tar-stream';
import { tempContext } from '../../../../helpers/buildContext';
import { packContext } from '../../../../../engine/build/context/packer';

async function entries(contextDir: string, dockerfile: string) {
  const packed = await packContext(contextDir, dockerfile);
  const found: Array<{ name: string; type: string; mode: number; linkname?: string; body: string }> = [];
  let tarBytes = 0;
  await new Promise<void>((resolve, reject) => {
    const extract = tar.extract();
    extract.on('entry', (header, stream, next) => {
      let body = '';
      stream.on('data', (chunk: unknown) => { body += String(chunk); });
      stream.on('end', () => {
        found.push({ name: header.name, type: header.type ?? 'file', mode: header.mode ?? 0, linkname: header.linkname ?? undefined, body });
        next();
      });
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
    packed.stream.on('data', (chunk: Buffer) => { tarBytes += chunk.length; });
    packed.stream.pipe(extract);
  });
  const stats = await packed.done;
  return { found, stats, tarBytes, dockerfileInContext: packed.dockerfileInContext };
}

test('the Dockerfile and .dockerignore are sent even when .dockerignore excludes everything', async (t) => {
  const context = tempContext({ Dockerfile: 'FROM scratch\n', '.dockerignore': '*\n', 'secret.txt': 'no\n', 'src/a.go': 'no\n' });
  t.after(context.cleanup);
  const { found, stats, tarBytes } = await entries(context.dir, path.join(context.dir, 'Dockerfile'));
  assert.deepEqual(found.map((entry) => entry.name).sort(), ['.dockerignore', 'Dockerfile']);
  assert.equal(stats.files, 2);
  assert.equal(stats.bytes, tarBytes);
});

test('a Dockerfile outside the context travels under a random name, as the Docker CLI sends it', async (t) => {
  const context = tempContext({ 'ctx/app.txt': 'app\n', 'build/Dockerfile': 'FROM scratch\nCOPY app.txt /\n' });
  t.after(context.cleanup);
  const { found, dockerfileInContext } = await entries(path.join(context.dir, 'ctx'), path.join(context.dir, 'build/Dockerfile'));
  assert.match(dockerfileInContext, /^\.dockerfile\.[0-9a-f]{20}$/);
  assert.deepEqual(found.map((entry) => entry.name).sort(), [dockerfileInContext, 'app.txt'].sort());
  assert.equal(found.find((entry) => entry.name === dockerfileInContext)?.body, 'FROM scratch\nCOPY app.txt /\n');
});

test('symlinks stay links, modes are kept, and an ignored folder appears only for a re-included file', async (t) => {
  const context = tempContext({
    Dockerfile: 'FROM scratch\n', '.dockerignore': 'logs\n!logs/keep.log\n',
    'run.sh': { content: '#!/bin/sh\n', mode: 0o750 }, 'link': { symlink: 'run.sh' },
    'logs/keep.log': 'keep\n', 'logs/drop.log': 'drop\n',
  });
  t.after(context.cleanup);
  const { found } = await entries(context.dir, path.join(context.dir, 'Dockerfile'));
  const byName = new Map(found.map((entry) => [entry.name, entry]));
  assert.equal(byName.get('link')?.type, 'symlink');
  assert.equal(byName.get('link')?.linkname, 'run.sh');
  assert.equal(byName.get('run.sh')?.mode, 0o750);
  assert.ok(byName.has('logs/keep.log') && !byName.has('logs/drop.log'));
  assert.equal(byName.get('logs')?.type, 'directory');
  assert.ok(found.findIndex((entry) => entry.name === 'logs') < found.findIndex((entry) => entry.name === 'logs/keep.log'), 'the folder comes before its file');
});
