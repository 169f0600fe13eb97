// Which earlier build a build is explained against: the same Dockerfile and target, succeeded.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BuildRecord } from '../../../../../engine/build/record';
import { explainAgainst } from '../../../../../engine/build/why/explain';

function record(overrides: Partial<BuildRecord>, ran: boolean): BuildRecord {
  return {
    version: 1, id: Math.random().toString(36), dockerfile: '/p/Dockerfile', context: '/p', tag: null, target: null,
    startedAt: '2026-12-02T00:00:00Z', builder: 'buildkit', outcome: 'succeeded', error: null, image: 'sha256:1',
    wallMs: 1, accumulatedMs: 1, cacheHits: 0, totalSteps: 1, contextBytes: 0, contextFiles: 0, contextPackMs: 0,
    steps: [{ name: '[1/2] RUN echo', stage: null, instruction: 'RUN', line: 2, endLine: 2, kind: 'run', internal: false, startedMs: 0, durationMs: 5, cached: !ran, completed: true, error: null, logTail: [] }],
    inputs: { dockerfileText: 'FROM scratch\nRUN echo\n', buildArgs: {}, noCache: false, baseImages: {}, context: null },
    ...overrides,
  };
}

test('explains a build against the last successful one of the same Dockerfile and target', () => {
  const current = record({}, true);
  assert.equal(explainAgainst(record({}, false), current), 1);
  assert.deepEqual(current.steps[0].reason, { kind: 'cache-pruned' });
  assert.match(current.steps[0].why ?? '', /probably pruned/);
});

test('not against a failed build, another target, another Dockerfile, or without inputs', () => {
  for (const previous of [record({ outcome: 'failed' }, false), record({ target: 'dev' }, false), record({ dockerfile: '/q/Dockerfile' }, false), record({ inputs: undefined }, false), undefined]) {
    const current = record({}, true);
    assert.equal(explainAgainst(previous, current), 0);
    assert.equal(current.steps[0].reason, undefined);
  }
});

test('an unreadable earlier record leaves the build without reasons instead of failing it', () => {
  const current = record({}, true);
  assert.equal(explainAgainst(record({ inputs: { dockerfileText: 42 } as never }, false), current), 0);
});
