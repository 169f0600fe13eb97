// The CLI's last successful build per Dockerfile and target, in the user's cache folder.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { BuildRecord } from '../../../../engine/build/record';
import { readLastBuild, saveLastBuild } from '../../../../cli/docker/lastBuild';

const record = (overrides: Partial<BuildRecord> = {}): BuildRecord => ({
  version: 1, id: 'b1', dockerfile: '/p/Dockerfile', context: '/p', tag: null, target: null, startedAt: '2026-12-02T00:00:00Z',
  builder: 'buildkit', outcome: 'succeeded', error: null, image: 'sha256:1', wallMs: 1, accumulatedMs: 1, cacheHits: 0,
  totalSteps: 0, contextBytes: 0, contextFiles: 0, contextPackMs: 0, steps: [],
  inputs: { dockerfileText: 'FROM scratch\n', buildArgs: {}, noCache: false, baseImages: {}, context: null }, ...overrides,
});

test('keeps the last successful build per Dockerfile and target, privately, and reads it back', (t) => {
  const cache = mkdtempSync(path.join(tmpdir(), 'dockscope-last-'));
  t.after(() => rmSync(cache, { recursive: true, force: true }));
  const env = { XDG_CACHE_HOME: cache };
  saveLastBuild(record(), env);
  saveLastBuild(record({ id: 'b2', target: 'dev' }), env);
  saveLastBuild(record({ id: 'failed', outcome: 'failed' }), env);
  assert.equal(readLastBuild('/p/Dockerfile', null, env)?.id, 'b1');
  assert.equal(readLastBuild('/p/Dockerfile', 'dev', env)?.id, 'b2');
  assert.equal(readLastBuild('/q/Dockerfile', null, env), undefined);
  const dir = path.join(cache, 'dockscope', 'builds');
  assert.equal(readdirSync(dir).length, 2);
  assert.equal(statSync(path.join(dir, readdirSync(dir)[0])).mode & 0o777, 0o600);
});

test('a damaged or foreign file is no earlier build', (t) => {
  const cache = mkdtempSync(path.join(tmpdir(), 'dockscope-last-'));
  t.after(() => rmSync(cache, { recursive: true, force: true }));
  const env = { XDG_CACHE_HOME: cache };
  saveLastBuild(record(), env);
  const dir = path.join(cache, 'dockscope', 'builds');
  const file = path.join(dir, readdirSync(dir)[0]);
  for (const text of ['{', '[]', '{"version":1,"dockerfile":"/p/Dockerfile","steps":[]}', JSON.stringify(record({ dockerfile: '/other' }))]) {
    writeFileSync(file, text);
    assert.equal(readLastBuild('/p/Dockerfile', null, env), undefined, text.slice(0, 40));
  }
});
