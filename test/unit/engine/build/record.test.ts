import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparableBuild, stepsByStage, stepStageName, type BuildRecord, type BuildStep } from '../../../../engine/build/record';

function step(stage: string | null, line: number | null, internal = false): BuildStep {
  return { name: `[${stage ?? ''}] x`, stage, instruction: internal ? null : 'RUN', line, endLine: line, kind: 'run', internal, startedMs: 0,
    durationMs: 1, cached: false, completed: true, error: null, logTail: [] };
}

test('stages are called as everywhere else: the name, else "stage N" as BuildKit counts', () => {
  assert.equal(stepStageName(step('builder', 3)), 'builder');
  assert.equal(stepStageName(step('stage-1', 9)), 'stage 1');
  assert.equal(stepStageName(step(null, 2)), 'stage 0', 'a lone unnamed stage');
  assert.equal(stepStageName(step(null, null, true)), 'BuildKit');
});

test('lanes: BuildKit\'s own steps first, then the stages in Dockerfile order whatever order they ran in', () => {
  const steps = [step(null, null, true), step('stage-2', 12), step('builder', 2), step('stage-2', 13), step(null, null, true), step('deps', 7), step('builder', 3)];
  assert.deepEqual(stepsByStage(steps).map(([name, group]) => [name, group.length]), [['BuildKit', 2], ['builder', 2], ['deps', 1], ['stage 2', 2]]);
});

test('a build is compared with the last one before it that succeeded, never a failed one', () => {
  const build = (id: string, outcome: BuildRecord['outcome']) => ({ id, outcome }) as BuildRecord;
  const records = [build('now', 'succeeded'), build('broken', 'failed'), build('cancelled', 'cancelled'), build('good', 'succeeded'), build('older', 'succeeded')];
  assert.equal(comparableBuild(records, records[0])?.id, 'good');
  assert.equal(comparableBuild(records, records[1])?.id, 'good', 'a failed build too is compared with a good one');
  assert.equal(comparableBuild(records, records[4]), undefined);
  assert.equal(comparableBuild([build('only', 'failed')], build('elsewhere', 'succeeded'))?.id, undefined);
});
