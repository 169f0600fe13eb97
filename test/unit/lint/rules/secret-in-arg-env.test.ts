import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf, linesOf } from '../../../helpers/lint';

test('secret-in-arg-env: a credential value in ENV is a default baked into the image', () => {
  const text = [
    'FROM alpine:3.20',
    'ENV DB_PASSWORD=hunter2 \\',
    '    APP_PORT=8080 \\',
    '    API_KEY=abc',
    'ENV apikey x',
    'ENV SERVICE_USER_PASSWORD="correct horse"',
  ].join('\n');
  expectLinesInEveryForm('secret-in-arg-env', text, [1, 3, 4, 5]);
  const [first] = findingsOf('secret-in-arg-env', text);
  assert.equal(first.severity, 'warning');
  assert.deepEqual(first.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 15 } });
  assert.match(first.message, /^ENV DB_PASSWORD sets a default credential baked into the image/);
  assert.doesNotMatch(first.message, /mount=type=secret/);
});

test('secret-in-arg-env: empty values, paths, URLs, switches and variable references are not credentials', () => {
  const text = [
    'FROM alpine:3.20',
    'ENV PASSWORD= ADMIN_TOKEN=""',
    'ENV TUNNEL_CA_KEY assets/server/tls/root.key',
    'ENV DB_PASSWORD_FILE=/run/secrets/db SIGNING_KEY=/etc/app/signing.pem',
    'ENV API_KEY=${API_KEY} SESSION_SECRET=$SESSION_SECRET',
    'ENV AUTH_ENABLED=false BASIC_AUTH=off TOKEN_TTL=3600',
    'ENV KEY_SERVER=hkps://keys.openpgp.org AUTH_URL=https://auth.example.com/realms/x',
    'ENV AUTH_TYPE=oauth AWS_ACCESS_KEY_ID=example SECRET_KEY_PATH=secrets/key',
  ].join('\n');
  expectLinesInEveryForm('secret-in-arg-env', text, []);
});

test('secret-in-arg-env: key only as a whole word; public, GPG fingerprints and qualified names are fine', () => {
  const text = [
    'FROM python:3.12-slim',
    'ENV GPG_KEY=7169605F62C751356D054A26A821E680E5FA6305',
    'ENV PUBLIC_KEY=ssh-ed25519-abc',
    'ENV KEYRING=x MONKEY=1 TOKENIZER=bpe AUTHOR="Jane" PASSWORDLESS=1',
    'ENV API_KEY_HEADER=X-Api-Key TOKEN_VERSION=v2',
  ].join('\n');
  expectLinesInEveryForm('secret-in-arg-env', text, []);
  // The secret word decides when it comes last: DB_USER_PASSWORD is a password.
  assert.deepEqual(linesOf('secret-in-arg-env', 'FROM alpine:3.20\nENV DB_USER_PASSWORD=pw SECRET_KEY_BASE=abc123\n'), [1, 1]);
});

test('secret-in-arg-env: a build-secret ARG is reported where a RUN or an ENV records it', () => {
  const text = [
    'ARG GLOBAL_TOKEN',
    'FROM golang:1.23 AS build',
    'ARG GITHUB_TOKEN',
    'RUN git config --global url."https://${GITHUB_TOKEN}@github.com/".insteadOf "https://github.com/"',
    'ARG LATE_PASSWORD',
    'FROM alpine:3.20',
    'ARG NPM_TOKEN',
    'ENV NPM_TOKEN=${NPM_TOKEN}',
    'ARG DEPLOY_KEY',
    'RUN ./deploy.sh',
    'ARG ADMIN_PASSWORD=admin',
    'RUN ./setup.sh',
    'ARG KEY_FILE_PATH=/run/secrets/key',
    'ARG UNUSED_SECRET',
  ].join('\n');
  const findings = findingsOf('secret-in-arg-env', text);
  assert.deepEqual(findings.map((f) => [f.range.start.line, f.severity]), [[2, 'info'], [6, 'warning'], [8, 'warning'], [10, 'warning']]);
  assert.match(findings[0].message, /this build stage's history and the build cache \(the final image does not ship this stage\)/);
  assert.match(findings[1].message, /^ARG NPM_TOKEN looks like a build secret: ENV NPM_TOKEN copies it into the image configuration\. Pass it with RUN --mount=type=secret,id=npm_token/);
  assert.match(findings[2].message, /record its value in the image history \(docker history shows it\)/);
  assert.match(findings[3].message, /^ARG ADMIN_PASSWORD has a default credential/);
  // A stage built FROM the builder ships its history.
  assert.equal(findingsOf('secret-in-arg-env', 'FROM alpine:3.20 AS base\nARG TOKEN\nRUN ./fetch.sh\nFROM base\nCMD ["x"]\n')[0].severity, 'warning');
});

test('secret-in-arg-env: values that are keys whatever the name', () => {
  const text = [
    'ARG BOOT=AKIAIOSFODNN7EXAMPLE',
    'FROM alpine:3.20',
    'ENV BOOTSTRAP=AKIAIOSFODNN7EXAMPLE',
    'ARG CI_THING=ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
    'ENV HELLO=world',
  ].join('\n');
  assert.deepEqual(linesOf('secret-in-arg-env', text), [0, 2, 3]);
  const findings = findingsOf('secret-in-arg-env', text);
  assert.match(findings[0].message, /AWS access key, in the Dockerfile itself/);
  assert.match(findings[1].message, /^ENV BOOTSTRAP holds what looks like an AWS access key: it is baked into the image configuration/);
});
