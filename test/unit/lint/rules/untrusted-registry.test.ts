import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const TEXT = [
  'ARG BASE',
  'FROM registry.example.com/team/base:1 AS base',
  'FROM ghcr.io/acme/tool:2 AS tool',
  'FROM base AS build',
  'COPY --from=tool /bin/tool /usr/local/bin/',
  'COPY --from=quay.io/org/assets:3 /assets /assets',
  'RUN --mount=type=bind,from=gcr.io/other/img:1,target=/x true',
  'FROM ${BASE}',
  'FROM scratch',
  'COPY --from=0 /a /a',
  'COPY --from=build /b /b',
  'FROM debian:12',
].join('\n');

test('untrusted-registry: FROM, COPY --from and RUN --mount from= images outside trustedRegistries', () => {
  const files = { '.hadolint.yaml': 'trustedRegistries:\n  - registry.example.com\n  - docker.io\n' };
  expectLinesInEveryForm('untrusted-registry', TEXT, [2, 5, 6], { files });
  const [ghcr] = findingsOf('untrusted-registry', TEXT, { files });
  assert.equal(ghcr.severity, 'warning');
  assert.match(ghcr.message, /ghcr\.io\/acme\/tool:2 comes from ghcr\.io, which is not among the trusted registries \(registry\.example\.com, docker\.io\)/);
  assert.deepEqual(ghcr.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 24 } });
});

test('untrusted-registry: Docker Hub images need docker.io (or hub.docker.com); wildcards as hadolint reads them', () => {
  const hub = 'FROM ubuntu:24.04\nFROM library/debian:12\nFROM docker.io/bitnami/redis:7\nFROM index.docker.io/alpine:3.20\n';
  expectLinesInEveryForm('untrusted-registry', hub, [0, 1, 2, 3], { files: { '.dockscope.yaml': 'trustedRegistries: [ghcr.io]\n' } });
  expectLinesInEveryForm('untrusted-registry', hub, [], { files: { '.dockscope.yaml': 'trustedRegistries: [hub.docker.com]\n' } });
  const hosts = 'FROM eu.mirror.example.com/a:1\nFROM mirror.example.com/b:1\nFROM registry-eu.corp/c:1\nFROM registry.corp/d:1\n';
  expectLinesInEveryForm('untrusted-registry', hosts, [1, 3], { files: { '.dockscope.yaml': 'trusted-registries: ["*.mirror.example.com", "registry-*"]\n' } });
  expectLinesInEveryForm('untrusted-registry', hosts, [], { files: { '.hadolint.yaml': 'trustedRegistries: ["*"]\n' } });
});

test('untrusted-registry: ONBUILD COPY --from / RUN --mount from= of an image, on the ONBUILD line', () => {
  const files = { '.hadolint.yaml': 'trustedRegistries: [docker.io]\n' };
  const text = 'FROM debian:12\nONBUILD COPY --from=ghcr.io/acme/tool:2 /t /t\nONBUILD COPY --from=build /a /a\nONBUILD RUN --mount=from=quay.io/x/y:1,target=/y true\nONBUILD COPY --from=alpine:3.20 /etc/os-release /\n';
  expectLinesInEveryForm('untrusted-registry', text, [1, 3], { files });
  assert.match(findingsOf('untrusted-registry', text, { files })[0].message, /^ONBUILD COPY \(in the build of every image FROM this one\): ghcr\.io/);
});

test('untrusted-registry: silent without trustedRegistries; a bad value is a config problem', () => {
  expectLinesInEveryForm('untrusted-registry', TEXT, []);
  expectLinesInEveryForm('untrusted-registry', TEXT, [], { files: { '.dockscope.yaml': 'rules: {}\n' } });
  expectLinesInEveryForm('untrusted-registry', TEXT, [], { files: { '.dockscope.yaml': 'trustedRegistries: ghcr.io\n' } });
});
