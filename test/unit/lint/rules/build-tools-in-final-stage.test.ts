import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('build-tools-in-final-stage: flags each build tool installed in the final stage', () => {
  const text = [
    'FROM golang:1.23-alpine AS build',
    'RUN apk add --no-cache git make gcc',
    'RUN CGO_ENABLED=0 go build -o /out/app .',
    'FROM alpine:3.20',
    'RUN apk add --no-cache ca-certificates \\',
    '      git=2.45.2-r0 make',
    'RUN apt-get install -y --no-install-recommends build-essential curl',
    'COPY --from=build /out/app /app',
    'ENTRYPOINT ["/app"]',
  ].join('\n');
  expectLinesInEveryForm('build-tools-in-final-stage', text, [5, 5, 6]);
  const [git] = findingsOf('build-tools-in-final-stage', text);
  assert.equal(git.severity, 'warning');
  assert.deepEqual(git.range, { start: { line: 5, character: 6 }, end: { line: 5, character: 19 } });
  assert.match(git.message, /git installed in the final image.*\(build\)/);
  assert.equal(git.fixes, undefined);
});

test('build-tools-in-final-stage: silent for single-stage files, builders, removed packages and look-alikes', () => {
  for (const text of [
    'FROM alpine:3.20\nRUN apk add --no-cache gcc make git\n',
    'FROM alpine:3.20 AS build\nRUN apk add --no-cache gcc\nFROM alpine:3.20\nCOPY --from=build /a /a\nCMD ["/a"]\n',
    'FROM alpine:3.20 AS build\nRUN true\nFROM alpine:3.20\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev && make && apk del .build-deps\n',
    'FROM alpine:3.20 AS build\nRUN true\nFROM debian:bookworm-slim\nRUN apt-get install -y gcc && make && apt-get purge -y gcc\n',
    'FROM alpine:3.20 AS build\nRUN true\nFROM alpine:3.20\nRUN apk add --no-cache libgcc git-lfs gitea tzdata && echo gcc make\n',
    [
      'FROM alpine:3.20 AS build',
      'RUN true',
      'FROM debian:bookworm-slim',
      'RUN set -eux; \\',
      '    savedAptMark="$(apt-mark showmanual)"; \\',
      '    apt-get update; apt-get install -y --no-install-recommends gcc make; \\',
      '    make install; \\',
      '    apt-mark auto \'.*\' > /dev/null; apt-mark manual $savedAptMark; \\',
      '    apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false; \\',
      '    rm -rf /var/lib/apt/lists/*',
    ].join('\n'),
  ]) {
    expectLinesInEveryForm('build-tools-in-final-stage', text, []);
  }
});

test('build-tools-in-final-stage: the --target stage is the final one', () => {
  const text = 'FROM alpine:3.20 AS fat\nRUN apk add --no-cache gcc\nCMD ["/app"]\nFROM alpine:3.20 AS prod\nRUN apk add --no-cache tzdata\nCMD ["/app"]\n';
  assert.equal(findingsOf('build-tools-in-final-stage', text).length, 0);
  assert.equal(findingsOf('build-tools-in-final-stage', text, { target: 'fat' }).length, 1);
});

test('build-tools-in-final-stage: silent on toolchain and base images, whose product is the tools', () => {
  // A Go toolchain image built from a downloaded release: gcc and make are there for cgo.
  const toolchain = [
    'FROM debian:bookworm-slim AS fetch',
    'RUN curl -fsSL https://example.com/go.tgz | tar -C /target -xz',
    'FROM debian:bookworm-slim',
    'RUN apt-get install -y --no-install-recommends g++ gcc libc6-dev make pkg-config git',
    'ENV GOLANG_VERSION=1.23.4',
    'ENV PATH=/usr/local/go/bin:$PATH',
    'COPY --from=fetch /target/ /',
  ].join('\n');
  expectLinesInEveryForm('build-tools-in-final-stage', toolchain, []);
  // No CMD or ENTRYPOINT: a base or CI image, not a service.
  expectLinesInEveryForm('build-tools-in-final-stage', 'FROM alpine:3.20 AS a\nRUN true\nFROM alpine:3.20\nRUN apk add --no-cache make gcc\n', []);
  // A shell as the program: a development container.
  expectLinesInEveryForm('build-tools-in-final-stage', 'FROM alpine:3.20 AS a\nRUN true\nFROM alpine:3.20\nRUN apk add --no-cache make gcc\nCMD ["bash"]\n', []);
});

test('build-tools-in-final-stage: git or go that the program runs is not a build tool', () => {
  const image = (install: string, start: string) => [
    'FROM golang:1.23 AS build', 'RUN go build -o /out/app .', 'FROM alpine:3.20', `RUN apk add --no-cache ${install}`,
    'COPY --from=build /out/app /usr/local/bin/app', start,
  ].join('\n');
  for (const [install, start] of [
    ['git', 'ENTRYPOINT ["hugo", "server"]'],
    ['git', 'ENTRYPOINT ["/sbin/tini", "--", "terraform"]'],
    ['git openssh', 'CMD ["git-sync", "--repo=x"]'],
    ['git go', 'ENTRYPOINT ["go", "run", "."]'],
    ['go gcc musl-dev', 'CMD ["golangci-lint", "run"]'],
    ['git make', 'CMD ["sh", "-c", "make generate && app"]'],
  ]) expectLinesInEveryForm('build-tools-in-final-stage', image(install, start), [], {});
  // A plain service binary: git and gcc are build-only there.
  expectLinesInEveryForm('build-tools-in-final-stage', image('git gcc', 'ENTRYPOINT ["app"]'), [3, 3]);
});

test('build-tools-in-final-stage: programs named after a tool, and builds inside the final stage', () => {
  const image = (install: string, start: string) => [
    'FROM golang:1.23 AS build', 'RUN go build -o /out/app .', 'FROM alpine:3.20', `RUN apk add --no-cache ${install}`,
    'COPY --from=build /out/app /usr/local/bin/app', start,
  ].join('\n');
  // A controller that fetches kustomize/git sources, the operator SDK that scaffolds with make.
  expectLinesInEveryForm('build-tools-in-final-stage', image('git openssh-client', 'ENTRYPOINT ["kustomize-controller"]'), []);
  expectLinesInEveryForm('build-tools-in-final-stage', image('make gcc', 'ENTRYPOINT ["/usr/local/bin/operator-sdk"]'), []);
  // The final stage compiles its own dependencies: say so instead of naming an unrelated builder.
  const python = [
    'FROM node:20 AS assets', 'RUN npm ci && npm run build', 'FROM python:3.12-slim',
    'RUN apt-get update && apt-get install -y --no-install-recommends g++ libpq-dev && rm -rf /var/lib/apt/lists/*',
    'COPY requirements.txt .', 'RUN pip install -r requirements.txt', 'COPY --from=assets /app/dist /app/static', 'CMD ["gunicorn", "app:app"]',
  ].join('\n');
  const [gpp] = findingsOf('build-tools-in-final-stage', python);
  assert.match(gpp.message, /only `pip install` in this stage needs it/);
  assert.doesNotMatch(gpp.message, /assets/);
});

test('build-tools-in-final-stage: a final stage named for development is a development environment', () => {
  const text = 'FROM python:3.12-alpine AS builder\nRUN pip install flask\nCMD ["flask", "run"]\nFROM builder AS dev-envs\nRUN apk add git\n';
  expectLinesInEveryForm('build-tools-in-final-stage', text, []);
  expectLinesInEveryForm('build-tools-in-final-stage', text.replace('dev-envs', 'release'), [4]);
});
