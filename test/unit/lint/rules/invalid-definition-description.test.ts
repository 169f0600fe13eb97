import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const enabled = { settings: { rules: { 'invalid-definition-description': 'info' as const } } };

test('invalid-definition-description: a comment right above ARG or a named FROM that does not start with its name', () => {
  const text = [
    '# bar this is the bar',
    'ARG foo=bar',
    '# BasE this is the BasE image',
    'FROM scratch AS base',
    '# definitely a bad comment',
    'ARG version=latest',
    '# definitely a bad comment',
    'ARG foo=baz bar=qux baz=quux',
  ].join('\n');
  expectLinesInEveryForm('invalid-definition-description', text, [1, 3, 5, 7], enabled);
  const findings = findingsOf('invalid-definition-description', text, enabled);
  assert.ok(findings.every((f) => f.severity === 'info'));
  assert.match(findings[0].message, /# foo <description>/);
  assert.match(findings[3].message, /# <name> <description>/);
  assert.deepEqual(findingsOf('invalid-definition-description', text), []);
});

test('invalid-definition-description: descriptions, separated comments and tool comments are fine', () => {
  const text = [
    '# check=skip=JSONArgsRecommended',
    '# foo this is the foo',
    'ARG foo=bar',
    '',
    '# base this is the base image',
    'FROM scratch AS base',
    '# Build the app',
    '',
    'ARG version=latest',
    '# baz this is the baz',
    'ARG foo=baz bar=qux baz=quux',
    '#',
    'ARG bit=bat',
    '# hadolint ignore=DL3006',
    'FROM alpine AS runtime',
    '# comment for something other than ARG or FROM',
    'COPY Dockerfile .',
  ].join('\n');
  expectLinesInEveryForm('invalid-definition-description', text, [], enabled);
});
