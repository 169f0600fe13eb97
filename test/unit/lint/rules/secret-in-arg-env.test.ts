import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf, linesOf } from '../../../helpers/lint';

test('secret-in-arg-env: flags secret words in ARG and ENV names', () => {
  const text = [
    'ARG GITHUB_TOKEN',
    'FROM alpine:3.20',
    'ARG AWS_SECRET_ACCESS_KEY',
    'ENV DB_PASSWORD=hunter2 \\',
    '    APP_PORT=8080 \\',
    '    API_KEY=abc',
    'ENV apikey x',
    'ARG npm_auth',
    'ENV CREDENTIALS=/x KEY=1234',
  ].join('\n');
  expectLinesInEveryForm('secret-in-arg-env', text, [0, 2, 3, 5, 6, 7, 8, 8]);
  const [first] = findingsOf('secret-in-arg-env', text);
  assert.equal(first.severity, 'error');
  assert.deepEqual(first.range, { start: { line: 0, character: 4 }, end: { line: 0, character: 16 } });
  assert.match(first.message, /build history/);
});

test('secret-in-arg-env: key only as a whole word; public, file, version, paths and GPG fingerprints are fine', () => {
  const text = [
    'FROM python:3.12-slim',
    'ENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305',
    'ARG PUBLIC_KEY',
    'ARG DB_PASSWORD_FILE=/run/secrets/db',
    'ARG TOKEN_VERSION=2',
    'ENV KEYRING=/usr/share/keyrings MONKEY=1 KEYS_URL=https://x TOKENIZER=bpe',
    'ENV SECRET_PATH=/run/secrets AUTH_URL=https://auth.example.com',
    'ENV AUTH_ENABLED=false BASIC_AUTH=off',
    'ENV AUTHOR="Jane" PASSWORDLESS=1',
  ].join('\n');
  expectLinesInEveryForm('secret-in-arg-env', text, []);
});

test('secret-in-arg-env: values that are keys whatever the name', () => {
  const text = [
    'FROM alpine:3.20',
    'ENV BOOTSTRAP=AKIAIOSFODNN7EXAMPLE',
    'ARG CI_THING=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
    'ENV HELLO=world',
  ].join('\n');
  assert.deepEqual(linesOf('secret-in-arg-env', text), [1, 2]);
  assert.match(findingsOf('secret-in-arg-env', text)[0].message, /AWS access key/);
});
