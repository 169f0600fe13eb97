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
  // Only lines that made a layer get a size: ARG, WORKDIR (no files here), ENV and CMD get none.
  assert.deepEqual([...sizesByLine(built, match)], [[6, 12_400_000]]);
});

test('the base image\'s size goes on the FROM line that names it (the shipped chain\'s first FROM)', () => {
  const built = { ...image([layer(0, 'ADD file:abc in /', 7_000_000, true), layer(1, 'COPY --from=build /bin/app . # buildkit', 300)]),
    base: { id: 'sha256:b', name: 'alpine:latest', historyCount: 1, sizeBytes: 7_000_000 } };
  const match = matchImageToDockerfile(built, TWO_STAGE);
  assert.equal(match.baseLine, 2);
  assert.deepEqual([...sizesByLine(built, match)], [[3, 7_000_000], [6, 300]]);
  const chained = 'FROM alpine AS base\nRUN apk add x\nFROM base\nCOPY a /a\n';
  assert.equal(matchImageToDockerfile(built, chained).baseLine, 0, 'FROM base: the base image is named by the first stage');
  assert.equal(matchImageToDockerfile(built, 'FROM scratch\nCOPY a /a\n').baseLine, undefined);
  assert.equal(matchImageToDockerfile(image([layer(0, 'COPY a /a # buildkit', 3)]), TWO_STAGE).baseLine, undefined, 'no base found: no line');
});

test('COPY --from with an ARG in its source maps to its line (history records the expanded text)', () => {
  const text = 'ARG BASE=busybox\nFROM ${BASE} AS builder\nARG APP=server\nRUN make\n\nFROM ${BASE}\nARG APP=server\nCOPY --from=builder /app/${APP} /app/server\nCOPY --from=builder --chown=1:1 --chmod=755 /app/b /app/b\nADD --chown=2:2 --link go.mod /app/${APP}.mod\nWORKDIR /srv/${APP}\nENV NAME=${APP}\n';
  const history = ['ARG APP=server', 'COPY /app/server /app/server # buildkit', 'COPY /app/b /app/b # buildkit', 'ADD go.mod /app/server.mod # buildkit', 'WORKDIR /srv/server', 'ENV NAME=server'];
  assert.deepEqual(matchHistoryToDockerfile(history, text).map((l) => l?.line), [6, 7, 8, 9, 10, 11]);
});

test('a build argument given at build time: RUN entries record its value, the recorded build\'s step names what each line became', () => {
  const text = 'FROM busybox\nARG APP=server\nCOPY /app/${APP} /app/bin\nRUN --mount=type=cache,target=/root/.cache make ${APP}\nENV NAME=${APP}\n';
  const history = ['ARG APP=server', 'COPY /app/other /app/bin # buildkit', 'RUN |1 APP=other /bin/sh -c make ${APP} # buildkit', 'ENV NAME=other'];
  assert.deepEqual(matchHistoryToDockerfile(history, text).map((l) => l?.line), [1, 2, 3, 4], 'the RUN entry says APP=other');
  const noRun = [history[0], history[1], history[3]];
  assert.deepEqual(matchHistoryToDockerfile(noRun, text).map((l) => l?.line), [1, undefined, undefined], 'no RUN, no record: unknown text stays unmatched');
  const builtSteps = [
    { name: '[internal] load build context', line: null, instruction: null },
    { name: '[2/3] COPY /app/other /app/bin', line: 3, instruction: 'COPY' },
  ];
  assert.deepEqual(matchHistoryToDockerfile(noRun, text, { builtSteps }).map((l) => l?.line), [1, 2, undefined]);
  // A step recorded for a line that has since become another instruction is no reading of it.
  const stale = [{ name: '[2/3] RUN echo /app/other /app/bin', line: 3, instruction: 'RUN' }];
  assert.deepEqual(matchHistoryToDockerfile(noRun, text, { builtSteps: stale }).map((l) => l?.line), [1, undefined, undefined]);
  // The classic builder's step names work the same way.
  const classic = [{ name: 'Step 3/4 : COPY /app/other /app/bin', line: 3, instruction: 'COPY' }];
  assert.deepEqual(matchHistoryToDockerfile(noRun, text, { builtSteps: classic }).map((l) => l?.line), [1, 2, undefined]);
  // A build argument never reaches a variable the stage sets with ENV.
  const env = 'FROM busybox\nENV APP=server\nCOPY /app/${APP} /app/bin\n';
  assert.deepEqual(matchHistoryToDockerfile(['ENV APP=server', 'COPY /app/server /app/bin # buildkit', 'RUN |1 APP=other /bin/sh -c true'], env).map((l) => l?.line), [1, 2, undefined]);
});

test('heredocs: a RUN heredoc by its first line or its whole text, a COPY heredoc by its destination', () => {
  const text = 'FROM busybox\nRUN <<EOF\necho a > /b\nEOF\nCOPY <<EOF /app/c.txt\nhello\nEOF\nRUN echo done\n';
  const whole = ['RUN /bin/sh -c <<EOF\necho a > /b\nEOF # buildkit', 'COPY /app/c.txt # buildkit', 'RUN /bin/sh -c echo done # buildkit'];
  assert.deepEqual(matchHistoryToDockerfile(whole, text), [{ line: 1, endLine: 3 }, { line: 4, endLine: 6 }, { line: 7, endLine: 7 }]);
  const firstLine = ['RUN /bin/sh -c <<EOF # buildkit', 'COPY EOF /app/c.txt # buildkit'];
  assert.deepEqual(matchHistoryToDockerfile(firstLine, text).map((l) => l?.line), [1, 4]);
});

test('inline sizes: analysis sizes win over history\'s; an image the Dockerfile does not explain is said so', () => {
  const built = image([layer(0, 'ADD file:abc in /', 100, true), layer(1, 'RUN /bin/sh -c go build # buildkit', 200)]);
  const match = matchImageToDockerfile(built, TWO_STAGE, { target: 'build' });
  assert.deepEqual([...sizesByLine(built, match, { layers: [{ index: 1, sizeBytes: 250 }] })], [[2, 250]]);
  assert.equal(match.baseLine, undefined, 'no base image known');
  const other = matchImageToDockerfile(image([layer(0, 'RUN /bin/sh -c make # buildkit', 5)]), TWO_STAGE);
  assert.equal(explainsImage(other), false);
});
