import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOf, linesOf } from '../../../helpers/lint';

const on = { settings: { rules: { 'apt-unpinned': 'info' as const } } };

test('apt-unpinned: off by default', () => {
  assert.deepEqual(linesOf('apt-unpinned', 'FROM debian:12\nRUN apt-get install -y curl\n'), []);
});

test('apt-unpinned: flags each package without a version, ONBUILD triggers too', () => {
  const text = [
    'FROM debian:12',
    'RUN apt-get update && apt-get install -y --no-install-recommends curl git=1:2.39.5-0+deb12u1',
    'ONBUILD RUN apt-get install -y make',
  ].join('\n');
  assert.deepEqual(linesOf('apt-unpinned', text, on), [1, 2]);
  const [first] = findingsOf('apt-unpinned', text, on);
  assert.equal(first.severity, 'info');
  assert.match(first.message, /curl without a version/);
});

test('apt-unpinned: silent for pinned, release-pinned, local .deb and variable packages', () => {
  const text = [
    'FROM debian:12',
    'RUN apt-get install -y curl=7.88.1-10 git/bookworm-backports ./tool_1.0_amd64.deb $EXTRA',
    'RUN apt-get -o Dpkg::Options::=--force-confold -y install vim=2:9.0',
    'RUN apt-get update',
  ].join('\n');
  assert.deepEqual(linesOf('apt-unpinned', text, on), []);
});
