import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('apt-missing-yes: flags apt-get install without a yes option, as an error', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'RUN apt-get update && \\',
    '    apt-get install --no-install-recommends curl \\',
    '    && rm -rf /var/lib/apt/lists/*',
    'RUN apt-get -q install git',
    'RUN apt install make',
    'RUN apt-get -tstable install -oDpkg::Options::=--force-confnew vim',
    'RUN if [ "$DEV" = 1 ]; then apt-get install gdb; fi',
  ].join('\n');
  expectLinesInEveryForm('apt-missing-yes', text, [2, 4, 5, 6, 7]);
  const [first] = findingsOf('apt-missing-yes', text);
  assert.equal(first.severity, 'error');
  assert.deepEqual(first.range, { start: { line: 2, character: 12 }, end: { line: 2, character: 19 } });
  expectFixClearsInEveryForm('apt-missing-yes', text);
  assert.deepEqual(expectFixClears('apt-missing-yes', 'FROM debian:bookworm-slim\nRUN apt-get install curl\n'), ['FROM debian:bookworm-slim\nRUN apt-get install -y curl\n']);
});

test('apt-missing-yes: every way of answering yes is accepted', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'RUN apt-get install -y curl',
    'RUN apt-get -y install curl',
    'RUN apt-get install --yes curl',
    'RUN apt-get install --assume-yes curl',
    'RUN apt-get -qq install curl',
    'RUN apt-get -q -q install curl',
    'RUN apt-get -q=2 install curl',
    'RUN apt-get -qy install curl',
    'RUN apt-get -yq install curl',
    'RUN apt-get install curl -y',
    'RUN apt-get install --force-yes curl',
    'RUN apt-get -o APT::Get::Assume-Yes=true install curl',
    'RUN apt-get install -s curl',
    'RUN yes | apt-get install curl',
    'RUN DEBIAN_FRONTEND=noninteractive apt-get install -y curl',
    'RUN echo apt-get install curl',
    'RUN <<EOF',
    'apt-get install -y curl',
    'EOF',
  ].join('\n');
  expectLinesInEveryForm('apt-missing-yes', text, []);
});

test('apt-missing-yes: installs that never reach the prompt as written', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'RUN dpkg -i /tmp/app.deb && apt-get -f install',
    'RUN dpkg --install /tmp/app.deb && rm /tmp/app.deb && apt-get install --fix-broken',
    'RUN apt-get install',
  ].join('\n');
  expectLinesInEveryForm('apt-missing-yes', text, []);
});

test('apt-missing-yes: a repair that runs after a failed dpkg -i does prompt', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'RUN dpkg -i /tmp/app.deb || apt-get -f install',
    'RUN dpkg -i /tmp/app.deb; apt-get install -f',
    'RUN apt-get install -f ./app.deb',
  ].join('\n');
  expectLinesInEveryForm('apt-missing-yes', text, [1, 2, 3]);
  expectFixClearsInEveryForm('apt-missing-yes', text);
});

test('apt-missing-yes: DEBIAN_FRONTEND does not answer the prompt, an Assume-Yes config file does', () => {
  expectLinesInEveryForm('apt-missing-yes', 'FROM debian:12\nENV DEBIAN_FRONTEND=noninteractive\nRUN DEBIAN_FRONTEND=noninteractive apt-get install curl\n', [2]);
  const configured = [
    'FROM debian:12 AS base',
    `RUN echo 'APT::Get::Assume-Yes "true";' > /etc/apt/apt.conf.d/90assumeyes`,
    'FROM base',
    'RUN apt-get install curl',
  ].join('\n');
  expectLinesInEveryForm('apt-missing-yes', configured, []);
  expectLinesInEveryForm('apt-missing-yes', 'FROM debian:12\nRUN apt-get install curl\nRUN echo \'APT::Get::Assume-Yes "true";\' > /etc/apt/apt.conf.d/90y\n', [1]);
});

test('apt-missing-yes: checks the RUN inside ONBUILD, at its own range', () => {
  const text = 'FROM debian:12\nONBUILD RUN apt-get update && apt-get install curl\n';
  expectLinesInEveryForm('apt-missing-yes', text, [1]);
  assert.deepEqual(findingsOf('apt-missing-yes', text)[0].range, { start: { line: 1, character: 38 }, end: { line: 1, character: 45 } });
  assert.deepEqual(expectFixClears('apt-missing-yes', text), ['FROM debian:12\nONBUILD RUN apt-get update && apt-get install -y curl\n']);
});

test('apt-missing-yes: naming only packages every apt system has installs nothing more, so apt does not ask', () => {
  expectLinesInEveryForm('apt-missing-yes', 'FROM ubuntu:20.04\nRUN apt-get update && apt-get install libseccomp2\nRUN apt-get install --only-upgrade bash apt\n', []);
  expectLinesInEveryForm('apt-missing-yes', 'FROM ubuntu:20.04\nRUN apt-get install libseccomp2 curl\nRUN apt-get install $PKG\n', [1, 2]);
});
