// The rebuild reasons from two builds' records, without a daemon: each kind of cause, one cause per
// chain, build argument values never needed, and nothing said without an earlier build.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BuildStep } from '../../../../../engine/build/record';
import { explainRebuild } from '../../../../../engine/build/why/rebuildReasons';
import type { RecordedInputs } from '../../../../../engine/build/why/types';
import type { ContextManifest } from '../../../../../engine/build/why/contextManifest';

const DOCKERFILE = [
  'FROM golang:1.22 AS build', // 1
  'ARG VERSION', // 2
  'WORKDIR /src', // 3
  'COPY go.mod go.sum ./', // 4
  'RUN go mod download', // 5
  'COPY . .', // 6
  'RUN go build -o /app .', // 7
  'ENV X=1', // 8
  'RUN echo $VERSION > /version', // 9
  '',
  'FROM scratch', // 11
  'COPY --from=build /app /app', // 12
  '',
].join('\n');

function step(line: number, instruction: string, cached: boolean): BuildStep {
  return {
    name: `[x] ${instruction}`, stage: null, instruction: instruction.split(' ')[0], line, endLine: line, kind: 'other',
    internal: false, startedMs: 0, durationMs: 1, cached, completed: true, error: null, logTail: [],
  };
}

const LINES: Record<number, string> = { 1: 'FROM golang:1.22', 3: 'WORKDIR /src', 4: 'COPY go.mod go.sum ./', 5: 'RUN go mod download', 6: 'COPY . .', 7: 'RUN go build', 9: 'RUN echo', 12: 'COPY --from=build /app /app' };
function steps(ran: number[]): BuildStep[] {
  return Object.entries(LINES).map(([line, text]) => step(Number(line), text, !ran.includes(Number(line))));
}

function manifest(files: Record<string, string>): ContextManifest {
  return { truncated: false, files: Object.fromEntries(Object.entries(files).map(([file, hash]) => [file, { size: 10, mode: 0o644, mtimeMs: 1, sha256: hash }])) };
}

const CONTEXT = { 'go.mod': 'a', 'go.sum': 'b', 'main.go': 'c', 'README.md': 'd' };
function inputs(overrides: Partial<RecordedInputs> = {}): RecordedInputs {
  return { dockerfileText: DOCKERFILE, buildArgs: {}, noCache: false, baseImages: { 'golang:1.22': 'sha256:1' }, context: manifest(CONTEXT), ...overrides };
}

const previous = { steps: steps([]), inputs: inputs() };

test('an edited source file: the COPY names it, every step after it points at that COPY', () => {
  const reasons = explainRebuild(previous, { steps: steps([6, 7, 9, 12]), inputs: inputs({ context: manifest({ ...CONTEXT, 'main.go': 'changed', 'new.go': 'e' }) }) });
  assert.deepEqual(reasons.get(6), { kind: 'files-changed', added: ['new.go'], removed: [], changed: ['main.go'] });
  assert.deepEqual(reasons.get(7), { kind: 'parent', line: 6 });
  assert.deepEqual(reasons.get(9), { kind: 'parent', line: 6 }, 'ENV makes no step: the parent is the RUN before it, whose root is line 6');
  assert.deepEqual(reasons.get(12), { kind: 'parent', line: 6 }, 'COPY --from follows the other stage');
  assert.equal(reasons.size, 4);
});

test('a changed go.sum is the cause of the dependency COPY, not of the whole-context one alone', () => {
  const reasons = explainRebuild(previous, { steps: steps([4, 5, 6, 7, 9, 12]), inputs: inputs({ context: manifest({ ...CONTEXT, 'go.sum': 'x' }) }) });
  assert.deepEqual(reasons.get(4), { kind: 'files-changed', added: [], removed: [], changed: ['go.sum'] });
  assert.deepEqual(reasons.get(5), { kind: 'parent', line: 4 });
  assert.deepEqual(reasons.get(6), { kind: 'files-changed', added: [], removed: [], changed: ['go.sum'] });
});

test('a build argument: every RUN in its scope (BuildKit puts it in their environment), by name only', () => {
  const reasons = explainRebuild({ steps: steps([]), inputs: inputs({ buildArgs: { VERSION: 'h1' } }) }, { steps: steps([5, 6, 7, 9, 12]), inputs: inputs({ buildArgs: { VERSION: 'h2' } }) });
  assert.deepEqual(reasons.get(5), { kind: 'build-arg', names: ['VERSION'] });
  assert.deepEqual(reasons.get(6), { kind: 'parent', line: 5 }, 'a COPY does not see the argument');
  assert.deepEqual(reasons.get(9), { kind: 'build-arg', names: ['VERSION'] });
});

test('an edited instruction, a new one, a changed base image, --no-cache', () => {
  const edited = DOCKERFILE.replace('RUN go build -o /app .', 'RUN go build -trimpath -o /app .');
  const changed = explainRebuild(previous, { steps: steps([7, 9, 12]), inputs: inputs({ dockerfileText: edited }) });
  assert.deepEqual(changed.get(7), { kind: 'instruction-changed', before: 'RUN go build -o /app .' });
  assert.deepEqual(changed.get(9), { kind: 'parent', line: 7 });

  const inserted = DOCKERFILE.replace('ENV X=1', 'RUN touch /x');
  assert.deepEqual(explainRebuild(previous, { steps: [...steps([9, 12]), step(8, 'RUN touch /x', false)], inputs: inputs({ dockerfileText: inserted }) }).get(8), { kind: 'new-step' });

  const base = explainRebuild(previous, { steps: steps([1, 3, 4]), inputs: inputs({ baseImages: { 'golang:1.22': 'sha256:2' } }) });
  assert.deepEqual(base.get(1), { kind: 'base-image', image: 'golang:1.22' });
  assert.deepEqual(base.get(3), { kind: 'parent', line: 1 });

  assert.deepEqual(explainRebuild(previous, { steps: steps([5]), inputs: inputs({ noCache: true }) }).get(5), { kind: 'no-cache' });
});

test('nothing visible changed: the cache was probably pruned; a FROM resolved again is no cause', () => {
  const reasons = explainRebuild(previous, { steps: steps([1, 7]), inputs: inputs() });
  assert.equal(reasons.has(1), false);
  assert.deepEqual(reasons.get(7), { kind: 'cache-pruned' });
});

test('no earlier build: no reasons', () => {
  assert.equal(explainRebuild(null, { steps: steps([5, 6, 7]), inputs: inputs() }).size, 0);
});
