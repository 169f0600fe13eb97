import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf, linesOf } from '../../../helpers/lint';

test('pipefail: flags a pipe whose consumer succeeds on empty input, where the shell is ash (Alpine) or bash (SHELL)', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN wget -qO- https://example.com/setup.sh | sh',
    'RUN apk add --no-cache curl && \\',
    '    curl -fsSL https://example.com/install.sh \\',
    '      | sh',
    'FROM debian:bookworm-slim',
    'SHELL ["/bin/bash", "-c"]',
    'RUN curl -fsSL https://example.com/tool.py | python3 -',
  ].join('\n');
  expectLinesInEveryForm('pipefail', text, [1, 4, 7]);
  const [first] = findingsOf('pipefail', text);
  assert.equal(first.severity, 'warning');
  assert.equal(first.message, 'Pipe without pipefail: if wget fails, the failure is masked (only sh\'s exit status counts).');
  assert.deepEqual(first.range, { start: { line: 1, character: 43 }, end: { line: 1, character: 44 } });
  expectFixClearsInEveryForm('pipefail', text);
  assert.deepEqual(expectFixClears('pipefail', 'FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache wget -qO- x | sh\n'),
    ['FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache set -o pipefail && wget -qO- x | sh\n']);
  // Red Hat family: /bin/sh is bash, the prefix works.
  assert.deepEqual(expectFixClears('pipefail', 'FROM rockylinux:9\nRUN curl -fsSL x | bash\n'), ['FROM rockylinux:9\nRUN set -o pipefail && curl -fsSL x | bash\n']);
});

test('pipefail: silent when already set, for || and quoted pipes, literal producers, and Windows shells', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN set -o pipefail && wget -qO- x | sh',
    'RUN set -euo pipefail; curl -fsSL x | sh',
    'RUN test -f /x || echo "a | b"',
    'RUN echo "deb http://x stable main" | tee /etc/apt/sources.list.d/x.list',
    'RUN printf "%s\\n" "deb [arch=$(uname -m)] http://x $(cat /etc/version) main" | tee -a /etc/sources',
    'RUN cat <<EOF | tee /etc/motd',
    'hello',
    'EOF',
    'RUN yes | sdkmanager --licenses',
    'RUN ["sh", "-c", "curl x | sh"]',
    'FROM alpine:3.20 AS pinned',
    'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]',
    'RUN wget -qO- x | sh',
    'FROM pinned',
    'RUN wget -qO- y | sh',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
    'SHELL ["powershell", "-Command"]',
    'RUN Get-Content x | Out-File y',
    'FROM mcr.microsoft.com/windows/nanoserver:ltsc2022',
    'RUN type x | findstr y',
    'FROM scratch',
    'RUN curl -fsSL x | sh',
  ].join('\n');
  assert.deepEqual(linesOf('pipefail', text), []);
});

test('pipefail: consumers that fail on empty or cut-short input show the producer\'s failure', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt',
    'RUN curl -fsSL https://example.com/app.tgz | tar xzf - -C /opt',
    'RUN wget -qO- https://example.com/app.tar.xz | xz -d | tar -x -C /opt',
    'RUN curl -fsSL https://example.com/data.gz | gunzip > /data',
    'RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg',
    'RUN curl -fsSL https://example.com/key.asc | apt-key add -',
    'RUN curl -fsSL https://example.com/SHA256SUMS | sha256sum -c --ignore-missing',
    'RUN curl -fsSL https://example.com/fix.patch | patch -p1',
    'RUN rpm2cpio /tmp/x.rpm | cpio -idm',
    'RUN gpg --fingerprint "$KEY" | grep "9032 CAE4 CBFA"',
  ].join('\n');
  assert.deepEqual(linesOf('pipefail', text), []);
  // Only as strong as the last link: gunzip fails on empty input, python3 does not.
  const chain = 'FROM debian:bookworm-slim\nRUN curl -fsSL https://example.com/x.gz | gunzip | python3 -\nRUN curl -fsSL x | tar -tz\nRUN curl -fsSL x | grep -v "^#"\n';
  const findings = findingsOf('pipefail', chain);
  assert.deepEqual(findings.map((f) => f.range.start.line), [1, 2, 3]);
  assert.match(findings[0].message, /^Pipe without pipefail: if curl fails, the failure is masked \(only python3's exit status counts\)/);
  // BusyBox unxz exits 0 on empty input.
  assert.deepEqual(linesOf('pipefail', 'FROM alpine:3.20\nRUN wget -qO- x | unxz > /y\n'), [1]);
});

test('pipefail: producers that only read local state are not reported', () => {
  const text = [
    'FROM python:3.12-slim',
    'RUN find /usr/local -name "*.pyc" | xargs rm -f',
    'RUN find /usr/local -type f -executable -exec ldd {} + | awk "/=>/ { print }" | sort -u | xargs -r dpkg-query --search | cut -d: -f1',
    'RUN locale -a | grep -q C.utf8',
    'RUN dpkg --print-architecture | awk "{print}" > /arch',
  ].join('\n');
  assert.deepEqual(linesOf('pipefail', text), []);
  // A group followed by a command is two pipelines, not a pipe.
  assert.deepEqual(linesOf('pipefail', 'FROM alpine:3.20\nRUN if [ -n "$X" ]; then (cd /ui && make build) else mkdir -p /ui/build; fi\n'), []);
});

test('pipefail: pipes in if/while/until conditions and ||-guarded ones are the author\'s choice', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN if curl -fsSL https://example.com/flag | grep -q on; then touch /on; fi',
    'RUN while ! wget -qO- http://db:5432 | grep -q ok; do sleep 1; done',
    'RUN until apk info | grep -q curl; do apk add curl; done',
    'RUN curl -fsSL https://example.com/opt.sh | sh || true',
    'RUN curl -fsSL https://example.com/opt.sh | sh && touch /ok || echo skipped',
    'RUN if true; then curl -fsSL x | sh; fi',
  ].join('\n');
  assert.deepEqual(linesOf('pipefail', text), [6]);
});

test('pipefail: on Debian/Ubuntu images /bin/sh is dash: reported, fixed with SHELL bash', () => {
  const text = [
    'FROM golang:1.23',
    'RUN curl -fsSL https://example.com/install.sh | sh',
    'RUN go build -o /app .',
  ].join('\n');
  expectLinesInEveryForm('pipefail', text, [1]);
  const [finding] = findingsOf('pipefail', text);
  assert.match(finding.message, /\/bin\/sh is dash on this Debian\/Ubuntu-based image and has no pipefail option: add SHELL \["\/bin\/bash", "-o", "pipefail", "-c"\] before this RUN\./);
  assert.deepEqual(expectFixClears('pipefail', text), [text.replace('RUN curl', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl')]);
  expectFixClearsInEveryForm('pipefail', text);
  for (const base of ['node:20-slim', 'python:3.12', 'ubuntu:24.04', 'nvidia/cuda:12.4.1-runtime-ubuntu22.04', 'eclipse-temurin:21-jre-jammy']) {
    assert.deepEqual(linesOf('pipefail', `FROM ${base}\nRUN wget -qO- x | python3\n`), [1], base);
    assert.equal(findingsOf('pipefail', `FROM ${base}\nRUN wget -qO- x | python3\n`)[0].fixes?.[0]?.title, 'Insert SHELL ["/bin/bash", "-o", "pipefail", "-c"] before this RUN', base);
  }
  // A script that names sh itself is not changed by SHELL: reported without a fix.
  const heredoc = 'FROM debian:bookworm-slim\nRUN <<EOF\n#!/bin/sh\ncurl -fsSL x | sh\nEOF\n';
  assert.deepEqual(findingsOf('pipefail', heredoc).map((f) => [f.range.start.line, f.fixes?.length ?? 0]), [[3, 0]]);
});

test('pipefail: an image we cannot place is reported without a fix, unless bash was installed earlier', () => {
  const unknown = 'FROM registry.example.com/team/base:1\nRUN curl -fsSL x | bash\n';
  const [finding] = findingsOf('pipefail', unknown);
  assert.match(finding.message, /Which shell \/bin\/sh is in this image is unknown/);
  assert.equal(finding.fixes?.length ?? 0, 0);
  const installed = 'FROM registry.example.com/team/base:1\nRUN apk add --no-cache bash curl\nRUN curl -fsSL x | bash\n';
  assert.deepEqual(expectFixClears('pipefail', installed), [installed.replace('RUN curl', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl')]);
  assert.deepEqual(linesOf('pipefail', 'ARG BASE\nFROM ${BASE}\nRUN curl -fsSL x | sh\n'), [2]);
});

test('pipefail: no fix where turning pipefail on would fail a pipe that works today', () => {
  // The prefix covers the whole RUN: `yes |` then ends with SIGPIPE.
  const prefix = 'FROM alpine:3.20\nRUN wget -qO- x | sh && yes | ./configure\n';
  const [a] = findingsOf('pipefail', prefix);
  assert.equal(a.fixes?.length ?? 0, 0);
  assert.match(a.message, /No fix offered: with pipefail `yes \| …` would fail/);
  // SHELL covers every later RUN and CMD of the stage and the stages built from it.
  const shell = 'FROM debian:bookworm-slim AS base\nRUN curl -fsSL x | sh\nFROM base\nRUN dpkg -l | head -n 5\n';
  assert.equal(findingsOf('pipefail', shell)[0].fixes?.length ?? 0, 0);
  // bash's echo does not expand `\\n` the way dash's does.
  const echo = 'FROM debian:bookworm-slim\nRUN curl -fsSL x | sh\nRUN echo "a\\nb" > /etc/x\n';
  assert.match(findingsOf('pipefail', echo)[0].message, /No fix offered: under that SHELL echo would stop expanding backslash escapes/);
  // A later SHELL ends the reach of the inserted one.
  const reset = 'FROM debian:bookworm-slim\nRUN curl -fsSL x | sh\nSHELL ["/bin/sh", "-c"]\nRUN yes | ./configure\n';
  assert.equal(findingsOf('pipefail', reset)[0].fixes?.length, 1);
});

test('pipefail: heredoc scripts get a set -o pipefail line (after a shebang)', () => {
  const text = 'FROM alpine:3.20\nRUN <<EOF\n#!/bin/ash\nset -e\nwget -qO- x | sh\nEOF\n';
  assert.deepEqual(linesOf('pipefail', text), [4]);
  assert.deepEqual(expectFixClears('pipefail', text), ['FROM alpine:3.20\nRUN <<EOF\n#!/bin/ash\nset -o pipefail\nset -e\nwget -qO- x | sh\nEOF\n']);
  const bash = 'FROM debian:bookworm-slim\nRUN bash <<EOF\ncurl -fsSL x | sh\nEOF\n';
  assert.deepEqual(linesOf('pipefail', bash), [2]);
  expectFixClears('pipefail', bash);
  const dash = 'FROM debian:bookworm-slim\nRUN <<EOF\ncurl -fsSL x | sh\nEOF\n';
  assert.deepEqual(expectFixClears('pipefail', dash), [dash.replace('RUN <<EOF', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN <<EOF')]);
});

test('pipefail: an ONBUILD RUN trigger is checked and fixed in place', () => {
  const text = 'FROM alpine:3.20\nONBUILD RUN wget -qO- https://example.com/setup.sh | sh\n';
  assert.deepEqual(linesOf('pipefail', text), [1]);
  assert.deepEqual(expectFixClears('pipefail', text), ['FROM alpine:3.20\nONBUILD RUN set -o pipefail && wget -qO- https://example.com/setup.sh | sh\n']);
});
