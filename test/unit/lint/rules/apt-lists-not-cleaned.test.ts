import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf, linesOf } from '../../../helpers/lint';

test('apt-lists-not-cleaned: flags update + install without removing the lists', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'RUN apt-get update && \\',
    '    apt-get install -y --no-install-recommends \\',
    '      curl ca-certificates',
    'RUN apt update && apt install -y git # tools',
    'RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get -y install make',
  ].join('\n');
  expectLinesInEveryForm('apt-lists-not-cleaned', text, [2, 4, 5]);
  const [first] = findingsOf('apt-lists-not-cleaned', text);
  assert.equal(first.severity, 'warning');
  assert.deepEqual(first.range, { start: { line: 2, character: 12 }, end: { line: 2, character: 19 } });
  expectFixClearsInEveryForm('apt-lists-not-cleaned', text);
  const fixed = expectFixClears('apt-lists-not-cleaned', 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y git # tools\n');
  assert.deepEqual(fixed, ['FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/* # tools\n']);
});

test('apt-lists-not-cleaned: the clean-up is appended after the last real token of the script', () => {
  const ifText = 'FROM debian:bookworm-slim\nRUN apt-get update; if true; then apt-get install -y git; fi;\n';
  assert.deepEqual(expectFixClears('apt-lists-not-cleaned', ifText),
    ['FROM debian:bookworm-slim\nRUN apt-get update; if true; then apt-get install -y git; fi && rm -rf /var/lib/apt/lists/*;\n']);
  const heredoc = 'FROM debian:bookworm-slim\nRUN <<EOF\napt-get update\napt-get install -y git\nEOF\n';
  assert.deepEqual(linesOf('apt-lists-not-cleaned', heredoc), [3]);
  assert.deepEqual(expectFixClears('apt-lists-not-cleaned', heredoc),
    ['FROM debian:bookworm-slim\nRUN <<EOF\napt-get update\napt-get install -y git && rm -rf /var/lib/apt/lists/*\nEOF\n']);
});

test('apt-lists-not-cleaned: no fix when a later install relies on the lists', () => {
  const text = [
    'FROM debian:bookworm-slim AS base',
    'RUN apt-get update && apt-get install -y curl',
    'FROM base',
    'RUN apt-get install -y git && rm -rf /var/lib/apt/lists/*',
  ].join('\n');
  const [finding] = findingsOf('apt-lists-not-cleaned', text);
  assert.equal(finding.range.start.line, 1);
  assert.equal(finding.fixes, undefined);
  assert.equal(finding.related?.[0].range.start.line, 3);
});

test('apt-lists-not-cleaned: silent with any clean-up form, cache mounts, builder stages, installs without update', () => {
  const text = [
    'FROM debian:bookworm-slim AS build',
    'RUN apt-get update && apt-get install -y gcc',
    'FROM debian:bookworm-slim',
    'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    'RUN apt-get update && apt-get install -y curl \\',
    '    && apt-get clean \\',
    '    && rm -fr "/var/lib/apt/lists"/*',
    'RUN apt-get update; if true; then apt-get install -y git; fi; rm -r -f /var/lib/apt/lists',
    'RUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt \\',
    '    apt-get update && apt-get install -y make',
    'RUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y make',
    'RUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y make',
    'RUN apt-get install -y jq',
    'RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*',
    'RUN echo "apt-get update && apt-get install x"',
    'RUN <<EOF',
    'apt-get update',
    'apt-get install -y git',
    'rm -rf /var/lib/apt/lists/*',
    'EOF',
  ].join('\n');
  expectLinesInEveryForm('apt-lists-not-cleaned', text, []);
});

test('apt-lists-not-cleaned: with docker-clean removed, a cache mount on /var/lib/apt alone leaves the .debs in the layer', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'RUN rm -f /etc/apt/apt.conf.d/docker-clean',
    'RUN --mount=type=cache,target=/var/lib/apt,sharing=locked \\',
    '    apt-get update && apt-get install -y --no-install-recommends curl',
  ].join('\n');
  expectLinesInEveryForm('apt-lists-not-cleaned', text, [3]);
  const [finding] = findingsOf('apt-lists-not-cleaned', text);
  assert.match(finding.message, /\.deb files stay in this layer/);
  assert.equal(finding.related?.[0].range.start.line, 1);
  assert.deepEqual(expectFixClears('apt-lists-not-cleaned', text), [[
    'FROM debian:bookworm-slim',
    'RUN rm -f /etc/apt/apt.conf.d/docker-clean',
    'RUN --mount=type=cache,target=/var/lib/apt,sharing=locked --mount=type=cache,target=/var/cache/apt,sharing=locked \\',
    '    apt-get update && apt-get install -y --no-install-recommends curl',
  ].join('\n')]);
  // The keep-cache setting in the same RUN, and without any mount (lists cleaned, .debs kept).
  const sameRun = [
    'FROM debian:bookworm-slim',
    `RUN echo 'Binary::apt::APT::Keep-Downloaded-Packages "true";' > /etc/apt/apt.conf.d/keep-cache && \\`,
    '    apt-get update && apt-get install -y make && rm -rf /var/lib/apt/lists/*',
  ].join('\n');
  expectLinesInEveryForm('apt-lists-not-cleaned', sameRun, [2]);
});

test('apt-lists-not-cleaned: .debs are fine with both caches mounted, docker-clean in place, or apt-get clean', () => {
  const text = [
    'FROM debian:bookworm-slim AS base',
    'RUN rm -f /etc/apt/apt.conf.d/docker-clean',
    'FROM base',
    'RUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt \\',
    '    apt-get update && apt-get install -y curl',
    'RUN apt-get update && apt-get install -y git && apt-get clean && rm -rf /var/lib/apt/lists/*',
    'FROM debian:bookworm-slim',
    'RUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl',
  ].join('\n');
  expectLinesInEveryForm('apt-lists-not-cleaned', text, []);
});

test('apt-lists-not-cleaned: checks ONBUILD RUN (no fix that relies on later stages)', () => {
  const text = 'FROM debian:bookworm-slim AS tools\nONBUILD RUN apt-get update && apt-get install -y curl\nFROM alpine:3.20\nCOPY --from=tools /etc/os-release /x\n';
  expectLinesInEveryForm('apt-lists-not-cleaned', text, [1]);
  assert.deepEqual(expectFixClears('apt-lists-not-cleaned', 'FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl\n'),
    ['FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n']);
});

test('apt-lists-not-cleaned: apt-get dist-clean (apt 3) removes the lists and the archives', () => {
  const text = [
    'FROM debian:trixie-slim',
    'RUN set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates; apt-get dist-clean',
    'RUN rm -f /etc/apt/apt.conf.d/docker-clean',
    'RUN apt-get update && apt-get install -y make && apt-get distclean',
  ].join('\n');
  expectLinesInEveryForm('apt-lists-not-cleaned', text, []);
});

test('apt-lists-not-cleaned: ONBUILD triggers see the triggers before them; aptitude counts as apt', () => {
  const text = [
    'FROM debian:12',
    'ONBUILD RUN rm -f /etc/apt/apt.conf.d/docker-clean',
    'ONBUILD RUN --mount=type=cache,target=/var/lib/apt \\',
    '    apt-get update && apt-get install -y python3',
  ].join('\n');
  expectLinesInEveryForm('apt-lists-not-cleaned', text, [3]);
  expectLinesInEveryForm('apt-lists-not-cleaned', 'FROM debian:12\nRUN aptitude update && aptitude install -y python3\n', [1]);
});
