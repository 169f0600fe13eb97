// The BuildKit trace decoder and step model, on messages captured from a real daemon
// (Docker 20.10) into test/fixtures/buildkit/*.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { decodeTrace } from '../../../../../engine/build/steps/traceDecoder';
import { parseBuildLine, LineSplitter, type BuildEvent } from '../../../../../engine/build/steps/streamParser';
import { BuildTraceModel, unionLength } from '../../../../../engine/build/steps/stepModel';
import { ClassicBuildModel } from '../../../../../engine/build/steps/classicModel';
import { outlineDockerfile } from '../../../../../engine/dockerfile/outline';
import { locateVertex, parseVertexName } from '../../../../../engine/build/steps/vertexLocation';
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

test('decodes vertexes with digests, names and daemon timestamps', () => {
  const traces = events('two-stage.json').flatMap((event) => (event.type === 'trace' ? [event.status] : []));
  assert.ok(traces.length > 10);
  const vertexes = traces.flatMap((status) => status.vertexes);
  assert.ok(vertexes.every((vertex) => /^sha256:[0-9a-f]{64}$/.test(vertex.digest)));
  const names = new Set(vertexes.map((vertex) => vertex.name));
  assert.ok(names.has('[internal] load remote build context'));
  assert.ok(names.has('[builder 3/4] COPY a.txt .'));
  assert.ok(names.has('exporting to image'));
  const completed = vertexes.filter((vertex) => vertex.started !== undefined && vertex.completed !== undefined);
  assert.ok(completed.length > 5);
  // Timestamps are epoch milliseconds of 2020 or later, and a vertex completes after it starts.
  assert.ok(completed.every((vertex) => vertex.started! > 1.5e12 && vertex.completed! >= vertex.started!));
});

test('decodes the RUN output as VertexLog text and reports the image id', () => {
  const all = events('two-stage.json');
  const logs = all.flatMap((event) => (event.type === 'trace' ? event.status.logs : []));
  assert.ok(logs.some((log) => log.text.includes('building') && log.stream === 1));
  assert.ok(all.some((event) => event.type === 'image' && /^sha256:[0-9a-f]{64}$/.test(event.id)));
});

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

test('parses padded, platform-prefixed and named step names', () => {
  assert.deepEqual(parseVertexName('[ 3/12] RUN make'), { stageLabel: null, index: 3, total: 12, keyword: 'RUN' });
  assert.deepEqual(parseVertexName('[builder  2/12] COPY . .'), { stageLabel: 'builder', index: 2, total: 12, keyword: 'COPY' });
  assert.deepEqual(parseVertexName('[linux/arm64 builder 1/3] FROM x'), { stageLabel: 'builder', index: 1, total: 3, keyword: 'FROM' });
  assert.deepEqual(parseVertexName('[linux/arm64 1/3] FROM x'), { stageLabel: null, index: 1, total: 3, keyword: 'FROM' });
  assert.equal(parseVertexName('[internal] load build definition from Dockerfile'), undefined);
  assert.equal(parseVertexName('exporting to image'), undefined);
});

test('FROM scratch and FROM <stage> are not numbered; ENV and CMD never are', () => {
  const outline = outlineDockerfile('FROM golang AS build\nENV A=1\nRUN go build\nFROM scratch\nCOPY --from=build /app /app\nCMD ["/app"]\nFROM build AS test\nRUN go test\n');
  assert.equal(locateVertex('[build 2/2] RUN go build', outline).line, 3);
  assert.equal(locateVertex('[stage-1 1/1] COPY --from=build /app /app', outline).line, 5);
  assert.equal(locateVertex('[test 1/1] RUN go test', outline).line, 8);
});

test('the stream parser survives garbage, a split multi-byte character and bad base64', () => {
  assert.deepEqual(parseBuildLine(''), []);
  assert.deepEqual(parseBuildLine('not json'), [{ type: 'text', text: 'not json' }]);
  assert.equal(parseBuildLine('{"id":"moby.buildkit.trace","aux":"////"}')[0].type, 'text');
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  const bytes = Buffer.from('{"stream":"é"}\n{"stream":"x"}');
  splitter.push(bytes.subarray(0, 12));
  splitter.push(bytes.subarray(12));
  splitter.end();
  assert.deepEqual(lines, ['{"stream":"é"}', '{"stream":"x"}']);
});

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

test('a cached FROM reported under another Dockerfile\'s stage name maps to this Dockerfile\'s FROM', () => {
  const single = outlineDockerfile('FROM golang:1.19-bookworm\nRUN go version\n');
  assert.deepEqual(locateVertex('[builder 1/6] FROM docker.io/library/golang:1.19-bookworm', single), { internal: false, stage: null, instruction: 'FROM', line: 1, endLine: 1 });
  const multi = outlineDockerfile('FROM alpine AS base\nFROM golang:1.19-bookworm AS build\nRUN go version\n');
  assert.equal(locateVertex('[builder 1/6] FROM docker.io/library/golang:1.19-bookworm', multi).line, 2);
  assert.equal(locateVertex('[other 1/2] FROM docker.io/library/debian:12', multi).line, null);
});
