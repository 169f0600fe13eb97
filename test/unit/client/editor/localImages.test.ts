import assert from 'node:assert/strict';
import { test } from 'node:test';
import type Docker from 'dockerode';
import { LocalImages } from '../../../../client/editor/localImages';

const DIGEST = `sha256:${'b2'.repeat(32)}`;

/** A daemon that knows one image and counts the inspect calls. */
function fakeDaemon(images: Record<string, object>): { docker: Docker; calls: string[] } {
  const calls: string[] = [];
  const docker = {
    getImage: (reference: string) => ({
      inspect: async () => {
        calls.push(reference);
        const found = images[reference];
        if (!found) throw Object.assign(new Error(`(HTTP code 404) no such image - ${reference}`), { statusCode: 404 });
        return found;
      },
    }),
  } as unknown as Docker;
  return { docker, calls };
}

test('a local image is described from inspect alone, and cached between hovers', async () => {
  const { docker, calls } = fakeDaemon({
    'golang:1.22': { Id: 'sha256:abc', Size: 812_000_000, RootFS: { Layers: ['a', 'b', 'c'] }, Created: '2026-01-02T03:04:05Z', RepoDigests: [`golang@${DIGEST}`], RepoTags: ['golang:1.22'] },
  });
  const images = new LocalImages(() => docker);
  const first = await images.lookup('golang:1.22');
  assert.deepEqual(first, { id: 'sha256:abc', sizeBytes: 812_000_000, layerCount: 3, created: Date.parse('2026-01-02T03:04:05Z'), repoDigests: [`golang@${DIGEST}`], tags: ['golang:1.22'] });
  await images.lookup('golang:1.22');
  assert.deepEqual(calls, ['golang:1.22']);
  images.forget();
  await images.lookup('golang:1.22');
  assert.equal(calls.length, 2);
});

test('an image the daemon lacks, or no daemon at all, is simply unknown (and not cached)', async () => {
  const { docker, calls } = fakeDaemon({});
  const images = new LocalImages(() => docker);
  assert.equal(await images.lookup('absent:1'), undefined);
  assert.equal(await images.lookup('absent:1'), undefined);
  assert.equal(calls.length, 2);
  const broken = new LocalImages(() => { throw new Error('bad dockscope.docker.host'); });
  assert.equal(await broken.lookup('golang:1.22'), undefined);
});
