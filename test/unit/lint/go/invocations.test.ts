import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from '../../../../dockerfile/model';
import { binaryName, goInvocations } from '../../../../lint/go/invocations';
import { hasCacheMountOn, runMounts } from '../../../../dockerfile/mounts';

test('go build: env from inline prefix, export, stage ENV/ARG and parent stages', () => {
  const model = buildModel([
    'FROM golang:1.22 AS base', 'ENV GOFLAGS=-mod=vendor', 'ARG CGO_ENABLED=0',
    'FROM base AS build', 'ARG GOOS=linux', 'WORKDIR /src',
    'RUN export GOARCH=arm64 && CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -ldflags "-X main.v=1" -o bin/app ./cmd/api',
    'RUN go install ./cmd/tool && go mod download && env CGO_ENABLED=0 go build .',
  ].join('\n'));
  const [build, install, download, plain] = goInvocations(model, { modulePath: 'example.com/acme/svc/v2' });
  assert.equal(build.subcommand, 'build');
  assert.equal(build.env.get('CGO_ENABLED')?.value, '1');
  assert.equal(build.env.get('CGO_ENABLED')?.source, 'inline');
  assert.equal(build.env.get('GOARCH')?.source, 'export');
  assert.equal(build.env.get('GOOS')?.value, 'linux');
  assert.equal(build.env.get('GOFLAGS')?.source, 'ENV', 'ENV of the parent stage');
  assert.equal(build.env.has('CGO_ENABLED') && build.env.get('CGO_ENABLED')?.source !== 'ARG', true);
  assert.deepEqual(build.flags.map((f) => [f.name, f.value]), [['trimpath', null], ['ldflags', '-s -w'], ['ldflags', '-X main.v=1'], ['o', 'bin/app']]);
  assert.deepEqual(build.packages.map((p) => p.value), ['./cmd/api']);
  assert.deepEqual(build.output, { path: '/src/bin/app', word: build.flags[3].valueWord });
  assert.equal(install.output?.path, '/go/bin/tool');
  assert.equal(download.subcommand, 'mod download');
  assert.equal(download.output, null);
  assert.equal(plain.env.get('CGO_ENABLED')?.value, '0');
  assert.equal(plain.output?.path, '/src/svc', 'default name: module path without /v2');
});

test('ARG without value is unknown; -o into a directory', () => {
  const model = buildModel('FROM golang:1.22\nARG CGO_ENABLED\nWORKDIR /w\nRUN go build -o /out/ ./cmd/x\n');
  const [build] = goInvocations(model);
  assert.equal(build.env.get('CGO_ENABLED')?.value, null);
  assert.equal(build.output?.path, '/out/x');
});

test('binary names', () => {
  assert.equal(binaryName('./cmd/server', '/src', null), 'server');
  assert.equal(binaryName('.', '/src/app', null), 'app');
  assert.equal(binaryName('github.com/x/y/cmd/z@v1.2.3', '/', null), 'z');
  assert.equal(binaryName('./...', '/', null), null);
  assert.equal(binaryName('main.go', '/', null), 'main');
});

test('RUN --mount flags', () => {
  const model = buildModel('FROM golang:1.22\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=secret,id=npmrc,dst=/root/.npmrc --mount=from=certs,src=/x,target=/y go build\n');
  const run = model.instructions[1];
  assert.deepEqual(runMounts(run).map((m) => [m.type, m.target, m.id, m.from, m.source]), [
    ['cache', '/go/pkg/mod', null, null, null], ['secret', '/root/.npmrc', 'npmrc', null, null], ['bind', '/y', null, 'certs', '/x'],
  ]);
  assert.equal(hasCacheMountOn(run, '/go/pkg/mod/'), true);
  assert.equal(hasCacheMountOn(run, '/root/.cache/go-build'), false);
});
