import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOf, linesOf } from '../../../helpers/lint';

const on = { settings: { rules: { 'gem-unpinned': 'info' as const } } };

test('gem-unpinned: off by default', () => {
  assert.deepEqual(linesOf('gem-unpinned', 'FROM ruby:3.3\nRUN gem install bundler\n'), []);
});

test('gem-unpinned: flags each gem without a version, ONBUILD triggers too', () => {
  const text = [
    'FROM ruby:3.3',
    'RUN gem install --no-document bundler:2.5.22 rake',
    'ONBUILD RUN gem i nokogiri',
  ].join('\n');
  assert.deepEqual(linesOf('gem-unpinned', text, on), [1, 2]);
  const [first] = findingsOf('gem-unpinned', text, on);
  assert.equal(first.severity, 'info');
  assert.match(first.message, /gem install rake without a version/);
});

test('gem-unpinned: silent with :version, -v/--version, local .gem files, build options after -- and other sub-commands', () => {
  const text = [
    'FROM ruby:3.3',
    "RUN gem install bundler -v '2.5.22' && gem install rails --version=7.2.1",
    'RUN gem install nokogiri:1.16.7 -- --use-system-libraries true',
    'RUN gem install ./vendor/tool-1.0.gem $EXTRA && gem update --system',
  ].join('\n');
  assert.deepEqual(linesOf('gem-unpinned', text, on), []);
});
