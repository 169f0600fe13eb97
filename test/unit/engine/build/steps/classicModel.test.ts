// The classic builder's `Step N/M` output as steps with lines, cache hits and errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeTrace } from '../../../../../engine/build/steps/traceDecoder';
import { ClassicBuildModel } from '../../../../../engine/build/steps/classicModel';
import { outlineDockerfile } from '../../../../../engine/dockerfile/outline';

test('classic builder fallback: Step N/M lines become steps with lines, cache and errors', () => {
  const classic = new ClassicBuildModel(outlineDockerfile('ARG V=1\nFROM busybox\nENV A=1\nRUN make\n'));
  classic.text('Step 1/4 : ARG V=1\n');
  classic.text('Step 2/4 : FROM busybox\n ---> f7154e06882f\nStep 3/4 : ENV A=1\n ---> Using cache\n');
  classic.text('Step 4/4 : RUN make\n ---> Running in 1234\nmake: no target\n');
  classic.fail("The command '/bin/sh -c make' returned a non-zero code: 2");
  const steps = classic.snapshot(true);
  assert.deepEqual(steps.map((step) => [step.instruction, step.line, step.cached]), [['ARG', 1, false], ['FROM', 2, false], ['ENV', 3, true], ['RUN', 4, false]]);
  assert.deepEqual(steps[3].logTail, ['make: no target']);
  assert.match(steps[3].error!, /non-zero code: 2/);
  assert.ok(decodeTrace('').vertexes.length === 0, 'an empty payload is an empty StatusResponse');
});
