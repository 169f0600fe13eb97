import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainsImage, matchHistoryToDockerfile, matchImageToDockerfile, sizesByLine } from '../../../../engine/dockerfile/historyMatch';
import { cleanCreatedBy } from '../../../../engine/docker/history';
import type { ImageLayers, LayerInfo } from '../../../../engine/docker/images';

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
});

test('BuildKit records COPY without --from, --chown or --link, and RUN without --mount: they still match', () => {
  const text = ['FROM golang:1.22 AS build', 'RUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app .',
    'FROM alpine:3.20', 'COPY --from=build --chown=65532:65532 --link /out/app /app', 'CMD ["/app"]'].join('\n');
  const located = matchHistoryToDockerfile(['COPY /out/app /app # buildkit', 'CMD ["/app"]'], text);
  assert.deepEqual(located.map((l) => l?.line), [3, 4]);
  const builder = matchHistoryToDockerfile(['RUN /bin/sh -c go build -o /out/app . # buildkit'], text, { target: 'build' });
  assert.deepEqual(builder.map((l) => l?.line), [1]);
});

test('a final stage built FROM an earlier stage includes that stage first', () => {
  const text = 'FROM alpine AS deps\nRUN apk add git\nFROM busybox AS other\nRUN apk add git\nFROM deps\nCOPY . .\n';
  const located = matchHistoryToDockerfile(['RUN /bin/sh -c apk add git # buildkit', 'COPY . . # buildkit'], text);
  assert.deepEqual(located.map((l) => l?.line), [1, 5]);
});

test('the build target is the final stage when given', () => {
  const text = 'FROM golang AS build\nWORKDIR /src\nFROM alpine\nWORKDIR /src\n';
  assert.deepEqual(matchHistoryToDockerfile(['WORKDIR /src'], text).map((l) => l?.line), [3]);
  assert.deepEqual(matchHistoryToDockerfile(['WORKDIR /src'], text, { target: 'build' }).map((l) => l?.line), [1]);
});

test('the escape directive, comments inside continuations and CRLF are handled', () => {
  const located = matchHistoryToDockerfile(['RUN /bin/sh -c a   b # buildkit'], '# escape=`\r\nFROM x\r\nRUN a `\r\n# note\r\n  b\r\n');
  assert.deepEqual(located, [{ line: 2, endLine: 4 }]);
});

test('the reader and matcher survive arbitrary text', () => {
  for (const text of ['', '\\', 'RUN \\', '\u0000FROM', 'FROM\n\\\n\\', '# escape=`\nRUN `']) {
    assert.doesNotThrow(() => matchHistoryToDockerfile(CLASSIC, text));
  }
  assert.deepEqual(matchHistoryToDockerfile(['', '   # buildkit'], 'FROM x\nRUN true\n'), [undefined, undefined]);
});

function layer(index: number, createdBy: string, sizeBytes: number, fromBase = false): LayerInfo {
  return { index, digest: sizeBytes ? `sha256:${index}` : null, sizeBytes, share: 0, createdBy: cleanCreatedBy(createdBy), rawCreatedBy: createdBy,
    instruction: '', empty: sizeBytes === 0, created: 0, comment: '', fromBase };
}

function image(layers: LayerInfo[]): ImageLayers {
  return { ref: 'app:1', id: 'sha256:1', tags: [], sizeBytes: 0, created: 0, os: '', architecture: '', layers };
}

const TWO_STAGE = 'FROM golang AS build\nRUN go build\nFROM alpine\nARG V\nWORKDIR /app\nCOPY --from=build /bin/app .\nENV A=1\nCMD ["./app"]\n';

test('an image\'s own layers map to the lines that made them; the base image\'s layers to none', () => {
  const built = image([
    layer(0, '/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef in / ', 7_000_000, true),
    layer(1, '/bin/sh -c #(nop)  CMD ["/bin/sh"]', 0, true),
    layer(2, 'ARG V', 0), layer(3, 'WORKDIR /app', 0), layer(4, 'COPY --from=build /bin/app . # buildkit', 12_400_000),
    layer(5, 'ENV A=1', 0), layer(6, 'CMD ["./app"]', 0),
  ]);
  const match = matchImageToDockerfile(built, TWO_STAGE);
  assert.deepEqual(match.locations.map((l) => l?.line), [undefined, undefined, 3, 4, 5, 6, 7]);
  assert.deepEqual({ matched: match.matched, own: match.own, explains: explainsImage(match) }, { matched: 5, own: 5, explains: true });
  assert.deepEqual([...sizesByLine(built, match)], [[4, 0], [5, 0], [6, 12_400_000], [7, 0], [8, 0]]);
});

test('inline sizes: analysis sizes win over history\'s; an image the Dockerfile does not explain is said so', () => {
  const built = image([layer(0, 'ADD file:abc in /', 100, true), layer(1, 'RUN /bin/sh -c go build # buildkit', 200)]);
  const match = matchImageToDockerfile(built, TWO_STAGE, { target: 'build' });
  assert.deepEqual([...sizesByLine(built, match, { layers: [{ index: 1, sizeBytes: 250 }] })], [[2, 250]]);
  const other = matchImageToDockerfile(image([layer(0, 'RUN /bin/sh -c make # buildkit', 5)]), TWO_STAGE);
  assert.equal(explainsImage(other), false);
});
