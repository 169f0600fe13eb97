// Builds through the real daemon with BuildKit: steps, lines, durations, cache, failure, cancel.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type Docker from 'dockerode';
import { dockerOrSkip, ensureBusyboxImage, BUSYBOX_IMAGE } from '../helpers/docker';
import { tempContext } from '../helpers/buildContext';
import { runBuild, type BuildRequest } from '../../engine/build/runner';
import type { BuildRecord, BuildStep } from '../../engine/build/record';

const SECOND_BASE = 'dockscope-test/build-base:1';
const TAG = 'dockscope-test/build-steps:1';
const TWO_STAGE = `FROM ${BUSYBOX_IMAGE} AS builder
WORKDIR /work
COPY deps.txt ./
RUN cat deps.txt > /deps.out
COPY src/ ./src/
RUN cat src/main.txt > out.txt \\
    && wc -c out.txt

FROM ${SECOND_BASE}
COPY --from=builder /work/out.txt /out.txt
RUN cat /out.txt
`;
const INSTRUCTION_LINES = [1, 2, 3, 4, 5, 6, 9, 10, 11];

async function prepare(t: Parameters<typeof dockerOrSkip>[0]): Promise<Docker | undefined> {
  const docker = await dockerOrSkip(t);
  if (!docker) return undefined;
  await ensureBusyboxImage(docker);
  // A second base name so the two stages' FROM are two vertices (BuildKit merges identical ones).
  await docker.getImage(BUSYBOX_IMAGE).tag({ repo: 'dockscope-test/build-base', tag: '1' });
  t.after(async () => {
    for (const image of [TAG, SECOND_BASE]) await docker.getImage(image).remove({ force: true }).catch(() => undefined);
  });
  return docker;
}

const stepAt = (record: BuildRecord, line: number): BuildStep => {
  const step = record.steps.find((candidate) => candidate.line === line);
  assert.ok(step, `a step for line ${line} in ${record.steps.map((s) => `${s.line}:${s.name}`).join(', ')}`);
  return step;
};

test('two-stage build: every instruction is a step with its line; durations fit the wall time; cache hits and misses', async (t) => {
  const docker = await prepare(t);
  if (!docker) return;
  const context = tempContext({ Dockerfile: TWO_STAGE, 'deps.txt': `deps ${randomUUID()}\n`, 'src/main.txt': 'version 1\n' });
  t.after(context.cleanup);
  const request: BuildRequest = { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, tag: TAG, network: 'none' };

  const first = await runBuild(docker, request);
  assert.equal(first.outcome, 'succeeded', first.error ?? '');
  assert.equal(first.builder, 'buildkit');
  assert.match(first.image ?? '', /^sha256:[0-9a-f]{64}$/);
  assert.equal((await docker.getImage(TAG).inspect()).Id, first.image);
  assert.deepEqual(first.steps.filter((step) => !step.internal).map((step) => step.line).sort((a, b) => a! - b!), INSTRUCTION_LINES);
  assert.equal(first.totalSteps, INSTRUCTION_LINES.length);
  assert.equal(stepAt(first, 6).endLine, 7);
  assert.equal(stepAt(first, 10).stage, 'stage-1');
  for (const step of first.steps) {
    assert.ok(step.durationMs >= 0, `${step.name} duration`);
    assert.ok((step.startedMs ?? 0) + step.durationMs <= first.wallMs + 1, `${step.name} ends within the wall time`);
  }
  assert.ok(first.accumulatedMs >= Math.max(...first.steps.map((step) => step.durationMs)));
  assert.ok(!stepAt(first, 4).cached && !stepAt(first, 6).cached, 'fresh deps make the first build uncached');
  assert.ok(stepAt(first, 4).durationMs > 0);
  assert.ok(first.steps.some((step) => step.kind === 'context' && step.internal && step.line === null));
  // Through the session the daemon asks only for what the COPY instructions need: deps.txt and src/.
  assert.equal(first.contextTransport, 'session');
  assert.ok(first.contextBytes > 0);
  assert.equal(first.contextFiles, 2);

  const second = await runBuild(docker, request);
  assert.equal(second.outcome, 'succeeded');
  for (const line of [2, 3, 4, 5, 6, 10, 11]) assert.ok(stepAt(second, line).cached, `line ${line} cached on the unchanged rebuild`);
  assert.ok(second.cacheHits >= 7);

  // Unique content: BuildKit's cache is content-addressed, and earlier runs of this test left theirs.
  writeFileSync(path.join(context.dir, 'src/main.txt'), `version 2 ${randomUUID()}\n`);
  const third = await runBuild(docker, request);
  assert.equal(third.outcome, 'succeeded');
  for (const line of [3, 4]) assert.ok(stepAt(third, line).cached, `line ${line} above the changed COPY stays cached`);
  for (const line of [5, 6, 10, 11]) assert.ok(!stepAt(third, line).cached, `line ${line} from the changed COPY down is rebuilt`);
  assert.ok(third.cacheHits < second.cacheHits);
});

test('a failing RUN yields the failed step with its line, error and last log lines', async (t) => {
  const docker = await prepare(t);
  if (!docker) return;
  const context = tempContext({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN echo fine\nRUN echo "about to fail ${randomUUID()}" && echo boom-on-stderr >&2 && exit 7\nRUN echo never\n` });
  t.after(context.cleanup);
  const record = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, network: 'none' });
  assert.equal(record.outcome, 'failed');
  assert.equal(record.image, null);
  assert.match(record.error ?? '', /exit code: 7/);
  const failed = record.steps.filter((step) => step.error !== null);
  assert.equal(failed.length, 1);
  assert.equal(failed[0].line, 3);
  assert.ok(failed[0].logTail.includes('boom-on-stderr'), failed[0].logTail.join('\n'));
  assert.ok(failed[0].logTail.some((line) => line.startsWith('about to fail')));
  assert.ok(!record.steps.some((step) => step.line === 4 && step.completed), 'the step after the failure never completes');
});

test('aborting the signal cancels a running build', async (t) => {
  const docker = await prepare(t);
  if (!docker) return;
  const tag = 'dockscope-test/build-cancel:1';
  const context = tempContext({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN echo ${randomUUID()} && sleep 60\n` });
  t.after(context.cleanup);
  // A tag left by an earlier run would make the last assertion meaningless.
  const removeTag = () => docker.getImage(tag).remove({ force: true }).catch(() => undefined);
  await removeTag();
  t.after(removeTag);
  const controller = new AbortController();
  const started = performance.now();
  const record = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, tag, network: 'none' }, {
    signal: controller.signal,
    onProgress: ({ currentStep }) => { if (currentStep?.includes('sleep 60')) controller.abort(); },
  });
  assert.equal(record.outcome, 'cancelled');
  assert.ok(performance.now() - started < 30_000, 'returns long before the 60 s RUN would end');
  assert.ok(record.steps.some((step) => step.line === 2 && !step.completed), 'the RUN step was running and did not complete');
  await assert.rejects(docker.getImage(tag).inspect(), 'no image was tagged');
});

test('a Dockerfile the daemon cannot parse is a failed build with its message, not a thrown error', async (t) => {
  const docker = await prepare(t);
  if (!docker) return;
  const context = tempContext({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nFROBNICATE now\n` });
  t.after(context.cleanup);
  const record = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, network: 'none' });
  assert.equal(record.outcome, 'failed');
  assert.match(record.error ?? '', /unknown instruction: FROBNICATE/i);
  assert.equal(record.image, null);
});
