import assert from 'node:assert/strict';
import { test } from 'node:test';
import { builtOtherImage, dockerfilesThatBuilt, lastBuiltImage, type BuildHistoryLike, type RecordedBuild } from '../../../../client/layers/buildRecords';

function build(image: string | null, startedAt: string, extra: Partial<RecordedBuild> = {}): RecordedBuild {
  return { image, tag: null, startedAt, target: null, steps: [], outcome: image ? 'succeeded' : 'failed', ...extra };
}

function history(records: Record<string, RecordedBuild[]>): BuildHistoryLike {
  return { dockerfiles: () => Object.keys(records), list: (path) => records[path] ?? [] };
}

// The case: a single-stage and a multi-stage Dockerfile, both built, the multi-stage one last.
const records = history({
  '/w/Dockerfile.single': [build('sha256:single', '2026-01-01T10:00:00Z', { tag: 'app' })],
  '/w/Dockerfile': [
    build(null, '2026-01-01T12:00:00Z', { tag: 'app:multi' }),
    build('sha256:multi', '2026-01-01T11:00:00Z', { tag: 'app:multi', target: 'runtime', steps: [{ name: '[runtime 2/2] COPY a /a', line: 5, instruction: 'COPY' }] }),
    build('sha256:older', '2026-01-01T09:00:00Z', { tag: 'app:multi' }),
  ],
});
const images = [
  { id: 'sha256:single', tags: ['app:latest'] },
  { id: 'sha256:multi', tags: ['app:multi'] },
  { id: 'sha256:older', tags: [] },
];

test('the image of a Dockerfile is its last successful build\'s, not another file\'s nor a failed build\'s', () => {
  assert.equal(lastBuiltImage(records, '/w/Dockerfile', images)?.id, 'sha256:multi');
  assert.equal(lastBuiltImage(records, '/w/Dockerfile.single', images)?.id, 'sha256:single');
  // The built image was removed, its tag now names a rebuild made elsewhere: the tag decides.
  const retagged = [{ id: 'sha256:rebuilt', tags: ['app:multi'] }, { id: 'sha256:older', tags: [] }];
  assert.equal(lastBuiltImage(records, '/w/Dockerfile', retagged)?.id, 'sha256:older', 'an older build of this very file still wins over a tag');
  assert.equal(lastBuiltImage(records, '/w/Dockerfile', [{ id: 'sha256:rebuilt', tags: ['app:multi'] }])?.id, 'sha256:rebuilt');
  assert.equal(lastBuiltImage(records, '/w/Dockerfile.single', [{ id: 'sha256:x', tags: ['app:latest'] }])?.id, 'sha256:x', 'an untagged reference means :latest');
  assert.equal(lastBuiltImage(records, '/w/never-built', images), undefined);
  assert.equal(lastBuiltImage(undefined, '/w/Dockerfile', images), undefined);
});

test('an image built by Dockscope leads to its Dockerfile with the build\'s target and steps', () => {
  const [hit, ...rest] = dockerfilesThatBuilt(records, images[1]);
  assert.equal(rest.length, 0);
  assert.equal(hit.path, '/w/Dockerfile');
  assert.equal(hit.built?.target, 'runtime');
  assert.equal(hit.built?.builtSteps?.length, 1);
  assert.equal(hit.builtOther, false);
  // Only a tag links this image to the file, whose last build made another image.
  const byTag = dockerfilesThatBuilt(records, { id: 'sha256:stranger', tags: ['app:multi'] });
  assert.deepEqual(byTag.map(({ path, built, builtOther }) => ({ path, built, builtOther })), [{ path: '/w/Dockerfile', built: undefined, builtOther: true }]);
});

test('figures of an image never go to a file whose last build made another image', () => {
  assert.equal(builtOtherImage(records, '/w/Dockerfile', 'sha256:single'), true);
  assert.equal(builtOtherImage(records, '/w/Dockerfile', 'sha256:multi'), false);
  assert.equal(builtOtherImage(records, '/w/never-built', 'sha256:single'), false);
});
