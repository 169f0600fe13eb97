// The context manifest: what .dockerignore leaves, content hashes that make a touched file
// unchanged, links by target, and the diff narrowed to a COPY's sources.
import assert from 'node:assert/strict';
import { utimesSync, writeFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { diffManifests, recordContextManifest } from '../../../../../engine/build/why/contextManifest';
import { tempContext } from '../../../../helpers/buildContext';

test('records the files the build could be sent, without ignored ones or folders', async (t) => {
  const context = tempContext({ 'main.go': 'package main\n', 'docs/api.md': 'api\n', '.git/HEAD': 'ref\n', '.dockerignore': '.git\n', 'link': { symlink: 'main.go' } });
  t.after(context.cleanup);
  const manifest = await recordContextManifest(context.dir);
  assert.deepEqual(Object.keys(manifest.files).sort(), ['.dockerignore', 'docs/api.md', 'link', 'main.go']);
  assert.equal(manifest.truncated, false);
  assert.equal(manifest.files['main.go'].size, 13);
  assert.match(manifest.files['main.go'].sha256 ?? '', /^[0-9a-f]{64}$/);
});

test('a touched file with the same bytes is unchanged; new bytes, new and removed files are named', async (t) => {
  const context = tempContext({ 'a.go': 'a\n', 'b.go': 'b\n', 'gone.go': 'x\n' });
  t.after(context.cleanup);
  const before = await recordContextManifest(context.dir);
  utimesSync(path.join(context.dir, 'a.go'), new Date(), new Date(Date.now() + 5000));
  writeFileSync(path.join(context.dir, 'b.go'), 'B\n');
  writeFileSync(path.join(context.dir, 'new.go'), 'n\n');
  const { rmSync } = await import('node:fs');
  rmSync(path.join(context.dir, 'gone.go'));
  symlinkSync('a.go', path.join(context.dir, 'alias.go'));
  const after = await recordContextManifest(context.dir);
  assert.deepEqual(diffManifests(before, after, () => true), { added: ['alias.go', 'new.go'], removed: ['gone.go'], changed: ['b.go'] });
  assert.deepEqual(diffManifests(before, after, (file) => file === 'b.go'), { added: [], removed: [], changed: ['b.go'] });
});

test('without hashes on both sides, size and modification time decide', () => {
  const entry = { size: 3, mode: 0o644, mtimeMs: 1 };
  const before = { truncated: false, files: { big: entry } };
  assert.deepEqual(diffManifests(before, { truncated: false, files: { big: { ...entry } } }, () => true).changed, []);
  assert.deepEqual(diffManifests(before, { truncated: false, files: { big: { ...entry, mtimeMs: 2 } } }, () => true).changed, ['big']);
});

test('a rebuild reuses the last hashes of files whose size, mode and time are unchanged, and hashes the rest', async (t) => {
  const context = tempContext({ 'same.go': 'same\n', 'edited.go': 'old\n' });
  t.after(context.cleanup);
  const first = await recordContextManifest(context.dir);
  // A hash that cannot be the file's: it comes through only if the file is not read again.
  const earlier = { truncated: false, files: { ...first.files, 'same.go': { ...first.files['same.go'], sha256: 'f'.repeat(64) } } };
  writeFileSync(path.join(context.dir, 'edited.go'), 'new\n');
  utimesSync(path.join(context.dir, 'edited.go'), new Date(), new Date(Date.now() + 5000));
  const second = await recordContextManifest(context.dir, earlier);
  assert.equal(second.files['same.go'].sha256, 'f'.repeat(64));
  assert.notEqual(second.files['edited.go'].sha256, first.files['edited.go'].sha256);
});

test('modification times are real milliseconds (a manifest survives JSON)', async (t) => {
  const context = tempContext({ 'a.go': 'a\n' });
  t.after(context.cleanup);
  const when = new Date('2026-01-02T03:04:05.678Z');
  utimesSync(path.join(context.dir, 'a.go'), when, when);
  const manifest = JSON.parse(JSON.stringify(await recordContextManifest(context.dir)));
  assert.equal(Math.round(manifest.files['a.go'].mtimeMs), when.getTime());
});
