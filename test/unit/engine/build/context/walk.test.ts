// The file-sync walk (contextWalk.ts): fsutil's order (checked with fsutil's own validator rule),
// its filtering (folders entered only when an exception may match, excluded folders sent only
// for what they hold), Go file modes, symlinks, hard links, followpaths and the owner reset.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { linkSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempContext } from '../../../../helpers/buildContext';
import { followLinks, goFileMode, isRequestable, walkForSync, type SyncEntry, type SyncWalkOptions } from '../../../../../engine/build/context/walk';

async function walk(dir: string, options: SyncWalkOptions = {}): Promise<SyncEntry[]> {
  const entries: SyncEntry[] = [];
  for await (const entry of walkForSync(dir, options)) entries.push(entry);
  return entries;
}

/** fsutil's ComparePath: byte order with `/` lowest, so a folder's contents precede its siblings. */
function comparePath(a: string, b: string): number {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] === y[i]) continue;
    return (y[i] !== 0x2f && x[i] < y[i]) || x[i] === 0x2f ? -1 : 1;
  }
  return x.length - y.length;
}

/** The receiver's rule (fsutil validator.go): every entry after its parent folder, in order. */
function assertReceiverOrder(paths: string[]): void {
  const sent = new Set<string>();
  paths.forEach((entry, index) => {
    const parent = path.posix.dirname(entry);
    assert.ok(parent === '.' || sent.has(parent), `${entry} comes after its folder`);
    if (index > 0) assert.ok(comparePath(paths[index - 1], entry) < 0, `${paths[index - 1]} before ${entry}`);
    sent.add(entry);
  });
}

test('entries come in fsutil order: byte order, depth first, a folder before "a-b" and "a.txt"', async (t) => {
  const context = tempContext({ 'a/b': '1', 'a-b': '2', 'a.txt': '3', 'B': '4', 'é': '5', 'z/y/x': '6', '_': '7' });
  t.after(context.cleanup);
  const paths = (await walk(context.dir)).map((entry) => entry.path);
  assert.deepEqual(paths, ['B', '_', 'a', 'a/b', 'a-b', 'a.txt', 'z', 'z/y', 'z/y/x', 'é']);
  assertReceiverOrder(paths);
});

test('excluded folders are skipped unless an exception may match inside, and sent only for what they hold', async (t) => {
  const context = tempContext({
    'node_modules/x/index.js': 'x', 'docs/a.md': 'a', 'docs/keep.md': 'k', 'docs/sub/deep.md': 'd',
    'logs/debug.log': 'd', 'logs/important.log': 'i', 'src/main.go': 'm', 'empty/.keep': '',
  });
  t.after(context.cleanup);
  const read = t.mock.method(fs, 'readdirSync');
  const paths = (await walk(context.dir, { excludePatterns: ['node_modules', 'docs', '!docs/keep.md', '**/*.log', '!logs/important.log', 'empty'] })).map((entry) => entry.path);
  assert.deepEqual(paths, ['docs', 'docs/keep.md', 'logs', 'logs/important.log', 'src', 'src/main.go']);
  // Skipped, not filtered afterwards: the excluded folders without exceptions are never read.
  const folders = read.mock.calls.map((call) => path.relative(context.dir, String(call.arguments[0])));
  assert.deepEqual(folders.sort(), ['', 'docs', 'logs', 'src'], 'docs/sub cannot hold docs/keep.md either');
  assertReceiverOrder(paths);
});

test('include patterns and followpaths (through a symlinked Dockerfile) narrow what is sent', async (t) => {
  const context = tempContext({ 'docker/real.Dockerfile': 'FROM x\n', Dockerfile: { symlink: 'docker/real.Dockerfile' }, 'a/b/c.txt': 'c', 'a/d.txt': 'd', other: 'o' });
  t.after(context.cleanup);
  assert.deepEqual(await followLinks(context.dir, ['Dockerfile', 'missing']), ['Dockerfile', 'docker/real.Dockerfile', 'missing']);
  const followed = (await walk(context.dir, { followPaths: ['Dockerfile'] })).map((entry) => entry.path);
  assert.deepEqual(followed, ['Dockerfile', 'docker', 'docker/real.Dockerfile']);
  const included = (await walk(context.dir, { includePatterns: ['a/b'] })).map((entry) => entry.path);
  assert.deepEqual(included, ['a', 'a/b', 'a/b/c.txt']);
});

test('stats: Go modes, ns mtimes, symlink targets, hard links sent once, owner reset for the context', async (t) => {
  const context = tempContext({ 'run.sh': { content: '#!/bin/sh\n', mode: 0o750 }, dir: { content: 'x', mode: 0o644 }, link: { symlink: 'run.sh' } });
  t.after(context.cleanup);
  linkSync(path.join(context.dir, 'run.sh'), path.join(context.dir, 'run2.sh'));
  const entries = await walk(context.dir, { resetOwner: true });
  const byPath = new Map(entries.map((entry) => [entry.path, entry]));
  const script = byPath.get('run.sh')!;
  assert.equal(script.stat.mode, 0o750);
  assert.equal(script.stat.size, 10);
  assert.ok(script.requestable);
  assert.equal(script.stat.uid, 0);
  const ns = statSync(path.join(context.dir, 'run.sh'), { bigint: true }).mtimeNs;
  const { low, high } = script.stat.modTime as { low: number; high: number };
  assert.equal((BigInt(high) << 32n) + BigInt(low), ns);
  const link = byPath.get('link')!;
  assert.equal(String(link.stat.linkname), 'run.sh');
  assert.equal(link.stat.mode, 2 ** 27 + 0o777);
  assert.ok(!link.requestable);
  const hardLink = byPath.get('run2.sh')!;
  assert.equal(String(hardLink.stat.linkname), 'run.sh', 'the second name of an inode points at the first');
  assert.ok(!hardLink.requestable && hardLink.stat.size === 0);
  const owned = await walk(context.dir);
  assert.equal(owned[0].stat.uid, statSync(path.join(context.dir, owned[0].path)).uid);
});

test('goFileMode maps unix st_mode to os.FileMode bits; only regular files carry data', () => {
  assert.equal(goFileMode(0o100644), 0o644);
  assert.equal(goFileMode(0o040755), 2 ** 31 + 0o755);
  assert.equal(goFileMode(0o120777), 2 ** 27 + 0o777);
  assert.equal(goFileMode(0o104755), 2 ** 23 + 0o755, 'setuid');
  assert.equal(goFileMode(0o102755), 2 ** 22 + 0o755, 'setgid');
  assert.equal(goFileMode(0o041777), 2 ** 31 + 2 ** 20 + 0o777, 'sticky folder');
  assert.equal(goFileMode(0o020666), 2 ** 26 + 2 ** 21 + 0o666, 'char device');
  assert.equal(goFileMode(0o010644), 2 ** 25 + 0o644, 'named pipe');
  assert.equal(goFileMode(0o140755), 0o755, 'socket bit cleared as fsutil does');
  assert.ok(isRequestable(goFileMode(0o104755)));
  for (const mode of [0o040755, 0o120777, 0o020666, 0o010644]) assert.ok(!isRequestable(goFileMode(mode)), mode.toString(8));
});

test('names that are not UTF-8 are walked and sent as their exact bytes; sockets are requestable, FIFOs and devices are not', async (t) => {
  const context = tempContext({ 'ok.txt': 'ok\n' });
  t.after(context.cleanup);
  const bad = Buffer.from([0x62, 0x61, 0x64, 0x2d, 0xff, 0xfe]); // "bad-" then two bytes no UTF-8 has
  const badDir = Buffer.concat([Buffer.from(`${context.dir}/`), bad]);
  fs.mkdirSync(badDir);
  fs.writeFileSync(Buffer.concat([badDir, Buffer.from('/inner')]), 'x');
  fs.symlinkSync(bad, path.join(context.dir, 'to-bad'));
  const socketPath = path.join(context.dir, 'sock');
  const server = (await import('node:net')).createServer();
  await new Promise<void>((done) => server.listen(socketPath, done));
  t.after(() => server.close());
  const fifo = spawnSync('mkfifo', [path.join(context.dir, 'fifo')]);
  assert.equal(fifo.status, 0);
  const entries = await walk(context.dir);
  const wire = entries.map((entry) => entry.stat.path);
  // Byte order, as Go compares names.
  assert.deepEqual(wire.map((name) => name.toString('latin1')), ['fifo', 'ok.txt', 'sock', 'to-bad', 'bad-\xff\xfe', 'bad-\xff\xfe/inner'].sort((a, b) => Buffer.compare(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'))));
  const byName = new Map(entries.map((entry) => [entry.stat.path.toString('latin1'), entry]));
  assert.ok(byName.get('bad-\xff\xfe/inner')!.requestable);
  assert.ok(Buffer.isBuffer(byName.get('bad-\xff\xfe/inner')!.absolute), 'opened by its bytes');
  assert.ok(byName.get('to-bad')!.stat.linkname.equals(bad));
  assert.ok(byName.get('sock')!.requestable, 'a socket travels as an empty file');
  assert.equal(byName.get('sock')!.stat.mode & 0o777, fs.statSync(socketPath).mode & 0o777);
  assert.ok(!byName.get('fifo')!.requestable, 'a FIFO is never opened');
  assert.equal(byName.get('fifo')!.stat.mode, 2 ** 25 + (fs.statSync(path.join(context.dir, 'fifo')).mode & 0o777));
});
