import assert from 'node:assert/strict';
import { test } from 'node:test';
import { finalStageChain, parseDockerfile } from '../../../../engine/dockerfile/instructions';
import { matchHistoryToDockerfile, parseHistoryEntry } from '../../../../engine/dockerfile/historyMatch';
import { cleanCreatedBy } from '../../../../engine/docker/history';

// Lines (0-based):   0                               1                  2                 3
const DOCKERFILE = ['ARG BASE=dockscope-test/busybox:1', 'FROM ${BASE} AS base', 'ARG VERSION=1.2', 'WORKDIR /app',
  // 4               5                          6                             7
  'COPY a.txt ./', 'COPY a.txt /other/b.txt', 'RUN echo $VERSION > v && \\', '    echo more >> v',
  // 8                                9                       10                 11
  'ENV A=1 B="two words"', 'ENV LEGACY value here', 'LABEL org.x="y"', 'EXPOSE 8080',
  // 12          13                                       14                              15
  'USER 1000', 'RUN ["/bin/sh", "-c", "echo exec"]', 'ENTRYPOINT ["/bin/sh", "-c"]', 'CMD echo hi', ''].join('\n');

// Recorded by Docker 20.10's classic builder for the Dockerfile above (docker history --no-trunc), bottom first.
const CLASSIC = [
  '/bin/sh -c #(nop)  ARG VERSION=1.2',
  '/bin/sh -c #(nop) WORKDIR /app',
  '/bin/sh -c #(nop) COPY file:2cc6f75217b6d0ad0246a0f00e7bb3296d332db51dc16a22ce490430905d8d80 in ./ ',
  '/bin/sh -c #(nop) COPY file:2cc6f75217b6d0ad0246a0f00e7bb3296d332db51dc16a22ce490430905d8d80 in /other/b.txt ',
  '|1 VERSION=1.2 /bin/sh -c echo $VERSION > v &&     echo more >> v',
  '/bin/sh -c #(nop)  ENV A=1 B=two words',
  '/bin/sh -c #(nop)  ENV LEGACY=value here',
  '/bin/sh -c #(nop)  LABEL org.x=y',
  '/bin/sh -c #(nop)  EXPOSE 8080',
  '/bin/sh -c #(nop)  USER 1000',
  '|1 VERSION=1.2 /bin/sh -c echo exec',
  '/bin/sh -c #(nop)  ENTRYPOINT ["/bin/sh" "-c"]',
  '/bin/sh -c #(nop)  CMD ["/bin/sh" "-c" "echo hi"]',
];

// The same instructions as BuildKit records them.
const BUILDKIT = [
  'ARG VERSION=1.2',
  'WORKDIR /app',
  'COPY a.txt ./ # buildkit',
  'COPY a.txt /other/b.txt # buildkit',
  'RUN |1 VERSION=1.2 /bin/sh -c echo $VERSION > v &&     echo more >> v # buildkit',
  'ENV A=1 B=two words',
  'ENV LEGACY=value here',
  'LABEL org.x=y',
  'EXPOSE map[8080/tcp:{}]',
  'USER 1000',
  'RUN |1 VERSION=1.2 /bin/sh -c echo exec # buildkit',
  'ENTRYPOINT ["/bin/sh","-c"]',
  'CMD ["/bin/sh","-c","echo hi"]',
];

const EXPECTED_LINES = [2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15];

test('classic builder history maps to every source line', () => {
  assert.deepEqual(matchHistoryToDockerfile(CLASSIC, DOCKERFILE).map((l) => l?.line), EXPECTED_LINES);
});

test('BuildKit history maps to every source line', () => {
  assert.deepEqual(matchHistoryToDockerfile(BUILDKIT, DOCKERFILE).map((l) => l?.line), EXPECTED_LINES);
});

test('the engine-cleaned form matches as well as the raw one', () => {
  assert.deepEqual(matchHistoryToDockerfile(CLASSIC.map(cleanCreatedBy), DOCKERFILE).map((l) => l?.line), EXPECTED_LINES);
  assert.deepEqual(matchHistoryToDockerfile(BUILDKIT.map(cleanCreatedBy), DOCKERFILE).map((l) => l?.line), EXPECTED_LINES);
});

test('a multi-line RUN spans its continuation lines', () => {
  const run = matchHistoryToDockerfile(CLASSIC, DOCKERFILE)[4];
  assert.deepEqual(run, { line: 6, endLine: 7 });
});

test('instructions that are not in the Dockerfile stay unmatched instead of guessed', () => {
  const located = matchHistoryToDockerfile(['/bin/sh -c apk add curl', 'WORKDIR /elsewhere', '/bin/sh -c #(nop) COPY file:abc in /nowhere '], DOCKERFILE);
  assert.deepEqual(located, [undefined, undefined, undefined]);
});

test('multi-stage: the final stage wins over an identical instruction in the builder stage', () => {
  const text = ['FROM golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN go build -o /out/app .',
    'FROM alpine:3.20', 'WORKDIR /src', 'COPY --from=build /out/app /app', 'CMD ["/app"]'].join('\n');
  const located = matchHistoryToDockerfile(['WORKDIR /src', 'COPY --from=build /out/app /app # buildkit', 'CMD ["/app"]'], text);
  assert.deepEqual(located.map((l) => l?.line), [5, 6, 7]);
  assert.deepEqual(finalStageChain(parseDockerfile(text)), [4, 5, 6, 7]);
});

test('a final stage built FROM an earlier stage includes that stage first', () => {
  const parsed = parseDockerfile('FROM alpine AS deps\nRUN apk add git\nFROM busybox AS other\nRUN true\nFROM deps\nCOPY . .\n');
  assert.deepEqual(finalStageChain(parsed).map((i) => parsed.instructions[i].line), [0, 1, 4, 5]);
});

test('the escape directive, comments inside continuations and CRLF are handled', () => {
  const parsed = parseDockerfile('# escape=`\r\nFROM x\r\nRUN a `\r\n# note\r\n  b\r\n');
  assert.deepEqual(parsed.instructions.map((i) => [i.keyword, i.args, i.line, i.endLine]), [['FROM', 'x', 1, 1], ['RUN', 'a   b', 2, 4]]);
});

test('the reader and matcher survive arbitrary text', () => {
  for (const text of ['', '\\', 'RUN \\', '\u0000FROM', 'FROM\n\\\n\\', '# escape=`\nRUN `']) {
    assert.doesNotThrow(() => matchHistoryToDockerfile(CLASSIC, text));
  }
  assert.equal(parseHistoryEntry(''), undefined);
});
