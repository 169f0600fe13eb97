// BuildKit step names back to Dockerfile lines: stage labels, numbering, foreign cached FROMs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { outlineDockerfile } from '../../../../../engine/dockerfile/outline';
import { locateVertex, parseVertexName } from '../../../../../engine/build/steps/vertexLocation';

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

test('a cached FROM reported under another Dockerfile\'s stage name maps to this Dockerfile\'s FROM', () => {
  const single = outlineDockerfile('FROM golang:1.19-bookworm\nRUN go version\n');
  assert.deepEqual(locateVertex('[builder 1/6] FROM docker.io/library/golang:1.19-bookworm', single), { internal: false, stage: null, instruction: 'FROM', line: 1, endLine: 1 });
  const multi = outlineDockerfile('FROM alpine AS base\nFROM golang:1.19-bookworm AS build\nRUN go version\n');
  assert.equal(locateVertex('[builder 1/6] FROM docker.io/library/golang:1.19-bookworm', multi).line, 2);
  assert.equal(locateVertex('[other 1/2] FROM docker.io/library/debian:12', multi).line, null);
});
