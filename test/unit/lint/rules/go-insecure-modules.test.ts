import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ID = 'go-insecure-modules';

test('go-insecure-modules: flags disabled verification in ENV, ARG and RUN', () => {
  const text = [
    'FROM golang:1.22',
    'ENV GOSUMDB=off',
    'ARG GOINSECURE=git.internal.example',
    'ENV GONOSUMDB=github.com/acme/*',
    'RUN GOFLAGS=-insecure go mod download',
    'RUN export GOSUMDB=off && go mod download',
    'RUN go env -w GOSUMDB=off',
  ].join('\n');
  expectLinesInEveryForm(ID, text, [1, 2, 3, 4, 5, 6]);
  const [sumdb] = findingsOf(ID, text);
  assert.equal(sumdb.severity, 'warning');
  assert.deepEqual(sumdb.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 15 } });
});

test('go-insecure-modules: flags tokens in module URLs and .netrc files in the image', () => {
  const text = [
    'FROM golang:1.22',
    'ARG GITHUB_TOKEN',
    'RUN git config --global \\',
    '    url."https://${GITHUB_TOKEN}:x-oauth-basic@github.com/".insteadOf "https://github.com/"',
    'ENV GOPROXY=https://ci:s3cret@proxy.example.com',
    'RUN echo "machine github.com login ci password $GITHUB_TOKEN" > /root/.netrc',
    'COPY .netrc /root/',
    'RUN printf "%s" "$NETRC" | tee ~/.netrc >/dev/null',
  ].join('\n');
  expectLinesInEveryForm(ID, text, [3, 4, 5, 6, 7]);
  assert.match(findingsOf(ID, text)[0].message, /token in a module URL/);
});

test('go-insecure-modules: silent for GOPRIVATE, SSH URLs, plain proxies and secret mounts', () => {
  const text = [
    'FROM golang:1.22',
    'ENV GOPRIVATE=github.com/acme/* GOPROXY=https://proxy.golang.org,direct GOSUMDB=sum.golang.org',
    'RUN git config --global url."ssh://git@github.com/".insteadOf "https://github.com/"',
    'RUN git config --global url."git@github.com:".insteadOf "https://github.com/"',
    'RUN --mount=type=secret,id=netrc,target=/root/.netrc go mod download',
    'ENV GONOSUMDB=',
    'ENV DATABASE_URL=postgres://app:pw@db:5432/app', // a secret, but not a module credential
    'RUN curl -fsSL https://user:pw@example.com/x -o /x',
  ].join('\n');
  expectLinesInEveryForm(ID, text, []);
});
