// The BuildKit step model, on messages captured from a real daemon
// (Docker 20.10) into test/fixtures/buildkit/*.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseBuildLine, type BuildEvent } from '../../../../../engine/build/steps/streamParser';
import { BuildTraceModel, unionLength } from '../../../../../engine/build/steps/stepModel';
import { outlineDockerfile } from '../../../../../engine/dockerfile/outline';
import { FIXTURES as TEST_FIXTURES } from '../../../../helpers/paths';

const FIXTURES = path.join(TEST_FIXTURES, 'buildkit');
const TWO_STAGE = 'FROM dockscope-test/busybox:1 AS builder\nWORKDIR /src\nCOPY a.txt .\nRUN echo building && \\\n    cp a.txt out.txt\n\nFROM dockscope-test/busybox:1\nCOPY --from=builder /src/out.txt /out.txt\nRUN cat /out.txt\n';
const FAILING = 'FROM dockscope-test/busybox:1\nRUN echo step-one-output\nRUN echo failing-now >&2 && exit 3\n';

function events(fixture: string): BuildEvent[] {
  const messages = JSON.parse(readFileSync(path.join(FIXTURES, fixture), 'utf8')) as unknown[];
  return messages.flatMap((message) => parseBuildLine(JSON.stringify(message)));
}

function model(fixture: string, dockerfile: string): BuildTraceModel {
  const result = new BuildTraceModel(outlineDockerfile(dockerfile));
  for (const event of events(fixture)) if (event.type === 'trace') result.apply(event.status);
  return result;
}

test('maps each step to its stage, instruction and Dockerfile line', () => {
  const steps = model('two-stage.json', TWO_STAGE).snapshot();
  const byName = new Map(steps.map((step) => [step.name, step]));
  assert.deepEqual(
    steps.filter((step) => !step.internal).map((step) => [step.stage, step.instruction, step.line]),
    [['builder', 'FROM', 1], ['builder', 'WORKDIR', 2], ['builder', 'COPY', 3], ['builder', 'RUN', 4], ['stage-1', 'COPY', 8], ['stage-1', 'RUN', 9]],
  );
  const run = steps.find((step) => step.instruction === 'RUN' && step.stage === 'builder')!;
  assert.equal(run.endLine, 5, 'a multi-line RUN spans lines 4-5');
  assert.equal(byName.get('exporting to image')?.kind, 'export');
  assert.equal(byName.get('[internal] load remote build context')?.kind, 'context');
  assert.ok(steps.every((step) => step.durationMs >= 0 && step.completed));
  assert.ok(steps.filter((step) => step.internal).every((step) => step.line === null && step.stage === null));
});

test('a failing RUN yields the failed step, its error and its last log lines', () => {
  const steps = model('failing-run.json', FAILING).snapshot();
  const failed = steps.filter((step) => step.error !== null);
  assert.equal(failed.length, 1);
  assert.equal(failed[0].line, 3);
  assert.match(failed[0].error!, /exit code: 3/);
  assert.deepEqual(failed[0].logTail, ['failing-now']);
  assert.ok(events('failing-run.json').some((event) => event.type === 'error' && /exit code: 3/.test(event.message)));
});

test('duration is the union of a step\'s intervals', () => {
  assert.equal(unionLength([[0, 10], [5, 15], [20, 30]]), 25);
  assert.equal(unionLength([[0, 10], [0, 10]]), 10);
  assert.equal(unionLength([[3, 3]]), 0);
  assert.equal(unionLength([]), 0);
});

test('a vertex reported again (restarted) counts each interval once', () => {
  const result = new BuildTraceModel(outlineDockerfile('FROM x\nRUN a\n'));
  const vertex = { digest: 'sha256:1', inputs: [], name: '[2/2] RUN a', cached: false };
  result.apply({ vertexes: [{ ...vertex, started: 1000 }], statuses: [], logs: [], warnings: [] });
  result.apply({ vertexes: [{ ...vertex, started: 1000, completed: 1400 }], statuses: [], logs: [], warnings: [] });
  result.apply({ vertexes: [{ ...vertex, started: 1000, completed: 1400 }], statuses: [], logs: [], warnings: [] });
  result.apply({ vertexes: [{ ...vertex, started: 1300, completed: 1500 }], statuses: [], logs: [], warnings: [] });
  const [step] = result.snapshot();
  assert.equal(step.durationMs, 500);
  assert.equal(step.line, 2);
});
