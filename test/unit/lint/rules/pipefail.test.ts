import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf, linesOf } from '../../../helpers/lint';

test('pipefail: flags a pipe where the shell is ash (Alpine) or bash (SHELL)', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN wget -qO- https://example.com/app.tgz | tar -xz -C /opt',
    'RUN apk add --no-cache curl && \\',
    '    curl -fsSL https://example.com/install.sh \\',
    '      | sh',
    'FROM debian:bookworm-slim',
    'SHELL ["/bin/bash", "-c"]',
    'RUN curl -fsSL https://example.com/key.gpg | gpg --dearmor -o /usr/share/keyrings/x.gpg',
  ].join('\n');
  expectLinesInEveryForm('pipefail', text, [1, 4, 7]);
  const [first] = findingsOf('pipefail', text);
  assert.equal(first.severity, 'warning');
  assert.deepEqual(first.range, { start: { line: 1, character: 42 }, end: { line: 1, character: 43 } });
  expectFixClearsInEveryForm('pipefail', text);
  assert.deepEqual(expectFixClears('pipefail', 'FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache wget -qO- x | tar -x\n'),
    ['FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache set -o pipefail && wget -qO- x | tar -x\n']);
});

test('pipefail: silent when already set, on dash, for || and quoted pipes, and for harmless producers', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN set -o pipefail && wget -qO- x | tar -xz',
    'RUN set -euo pipefail; curl -fsSL x | sh',
    'RUN test -f /x || echo "a | b"',
    'RUN echo "deb http://x stable main" | tee /etc/apt/sources.list.d/x.list',
    'RUN yes | sdkmanager --licenses',
    'RUN ["sh", "-c", "curl x | sh"]',
    'FROM alpine:3.20 AS pinned',
    'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]',
    'RUN wget -qO- x | tar -xz',
    'FROM pinned',
    'RUN wget -qO- y | tar -xz',
    'FROM debian:bookworm-slim',
    'RUN curl -fsSL https://example.com/install.sh | sh',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
    'SHELL ["powershell", "-Command"]',
    'RUN Get-Content x | Out-File y',
  ].join('\n');
  expectLinesInEveryForm('pipefail', text, []);
});

test('pipefail: heredoc scripts get a set -o pipefail line (after a shebang)', () => {
  const text = 'FROM alpine:3.20\nRUN <<EOF\n#!/bin/ash\nset -e\nwget -qO- x | tar -xz\nEOF\n';
  assert.deepEqual(linesOf('pipefail', text), [4]);
  assert.deepEqual(expectFixClears('pipefail', text), ['FROM alpine:3.20\nRUN <<EOF\n#!/bin/ash\nset -o pipefail\nset -e\nwget -qO- x | tar -xz\nEOF\n']);
  const bash = 'FROM debian:bookworm-slim\nRUN bash <<EOF\ncurl -fsSL x | sh\nEOF\n';
  assert.deepEqual(linesOf('pipefail', bash), [2]);
  expectFixClears('pipefail', bash);
  assert.deepEqual(linesOf('pipefail', 'FROM debian:bookworm-slim\nRUN <<EOF\ncurl -fsSL x | sh\nEOF\n'), []);
});
