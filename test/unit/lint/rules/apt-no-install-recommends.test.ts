import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('apt-no-install-recommends: flags installs without the flag, as info', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'RUN apt-get update && \\',
    '    apt-get install -y \\',
    '      curl \\',
    '    && rm -rf /var/lib/apt/lists/*',
    'RUN apt-get -y install git && apt install -y make',
  ].join('\n');
  expectLinesInEveryForm('apt-no-install-recommends', text, [2, 5, 5]);
  const [first] = findingsOf('apt-no-install-recommends', text);
  assert.equal(first.severity, 'info');
  assert.deepEqual(first.range, { start: { line: 2, character: 12 }, end: { line: 2, character: 19 } });
  expectFixClearsInEveryForm('apt-no-install-recommends', text);
  assert.deepEqual(expectFixClears('apt-no-install-recommends', 'FROM debian:bookworm-slim\nRUN apt-get -y install git\n'),
    ['FROM debian:bookworm-slim\nRUN apt-get -y install --no-install-recommends git\n']);
});

test('apt-no-install-recommends: silent with the flag anywhere, -o settings and apt.conf files', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'RUN apt-get install -y --no-install-recommends curl',
    'RUN apt-get --no-install-recommends -y install curl',
    'RUN apt-get install -y curl --no-install-recommends',
    'RUN apt-get -o APT::Install-Recommends=false install -y curl',
    'RUN apt-get install -o APT::Install-Recommends=0 -y curl',
    'RUN ["apt-get", "install", "-y", "curl"]',
    'FROM debian:bookworm-slim AS configured',
    'RUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/99norecommends',
    'RUN apt-get install -y curl',
    'FROM configured',
    'RUN apt-get install -y git',
    'FROM ubuntu:24.04',
    'COPY apt.conf /etc/apt/apt.conf.d/90local',
    'RUN apt-get install -y git',
  ].join('\n');
  expectLinesInEveryForm('apt-no-install-recommends', text, []);
});

test('apt-no-install-recommends: checks the RUN inside ONBUILD', () => {
  const text = 'FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl\n';
  expectLinesInEveryForm('apt-no-install-recommends', text, [1]);
  assert.deepEqual(expectFixClears('apt-no-install-recommends', text), ['FROM debian:12\nONBUILD RUN apt-get update && apt-get install --no-install-recommends -y curl\n']);
});
