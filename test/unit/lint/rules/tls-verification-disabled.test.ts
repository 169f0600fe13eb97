import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('tls-verification-disabled: flags the flag or variable that turns verification off', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN curl -fsSLk https://example.com/a -o /a && \\',
    '    wget --no-check-certificate https://example.com/b',
    'RUN curl --insecure https://x | sh',
    'ENV GIT_SSL_NO_VERIFY=1 NODE_TLS_REJECT_UNAUTHORIZED=0',
    'RUN git -c http.sslVerify=false clone https://example.com/repo.git',
    'RUN git config --global http.sslVerify false',
    'RUN pip install --trusted-host pypi.example.com -r requirements.txt',
    'RUN npm config set strict-ssl false',
    'RUN NODE_TLS_REJECT_UNAUTHORIZED=0 npm ci',
    'RUN export GIT_SSL_NO_VERIFY=true && git clone x',
    'RUN ["curl", "-k", "https://x"]',
  ].join('\n');
  expectLinesInEveryForm('tls-verification-disabled', text, [1, 2, 3, 4, 4, 5, 6, 7, 8, 9, 10, 11]);
  const [curl] = findingsOf('tls-verification-disabled', text);
  assert.equal(curl.severity, 'warning');
  assert.deepEqual(curl.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 15 } });
});

test('tls-verification-disabled: silent for verified downloads, quoted text and unrelated flags', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN curl -fsSL https://example.com/a -o /a -H "X-Flag: -k" && echo "--insecure"',
    'RUN curl -o -k https://x',
    'ENV NODE_TLS_REJECT_UNAUTHORIZED=1 NPM_CONFIG_STRICT_SSL=true',
    'RUN git config --global http.sslVerify true',
    'RUN npm config set strict-ssl true && pip install --no-cache-dir -r r.txt',
    'RUN wget -q https://example.com/b # --no-check-certificate',
  ].join('\n');
  expectLinesInEveryForm('tls-verification-disabled', text, []);
});

test('tls-verification-disabled: the message says how far the setting reaches', () => {
  const text = [
    'FROM node:20-slim',
    'ARG NODE_TLS_REJECT_UNAUTHORIZED=0',
    'ENV GIT_SSL_NO_VERIFY=1',
    'RUN git config --global http.sslVerify false',
    'RUN npm config set strict-ssl false',
    'RUN git config http.sslVerify false',
    'RUN curl -k https://example.com/x -o /x',
  ].join('\n');
  const messages = findingsOf('tls-verification-disabled', text).map((f) => [f.range.start.line, f.message.split(':')[0]]);
  assert.deepEqual(messages, [
    [1, 'ARG NODE_TLS_REJECT_UNAUTHORIZED turns TLS certificate verification off for the build steps after it'],
    [2, 'ENV GIT_SSL_NO_VERIFY turns TLS certificate verification off for every later build step and for the running container'],
    [3, 'TLS certificate verification is turned off in a configuration file of the image, for every later build step and for the running container'],
    [4, 'TLS certificate verification is turned off in a configuration file of the image, for every later build step and for the running container'],
    [5, 'TLS certificate verification is off for this step\'s downloads'],
    [6, 'TLS certificate verification is off for this step\'s downloads'],
  ]);
});

test('tls-verification-disabled: local and plain-HTTP fetches are silent; a checksum-verified download is info', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN curl -k https://localhost:8443/health',
    'RUN wget --no-check-certificate http://mirror.example.com/a.tgz',
    'RUN curl -fsSLk https://example.com/tool.tgz -o /tmp/tool.tgz && echo "abc123  /tmp/tool.tgz" | sha256sum -c -',
  ].join('\n');
  const findings = findingsOf('tls-verification-disabled', text);
  assert.deepEqual(findings.map((f) => [f.range.start.line, f.severity]), [[3, 'info']]);
  assert.match(findings[0].message, /the checksum or signature check in this RUN still catches a swapped file/);
});

test('tls-verification-disabled: an ONBUILD RUN trigger is checked', () => {
  assert.deepEqual(findingsOf('tls-verification-disabled', 'FROM alpine:3.20\nONBUILD RUN curl -k https://example.com/x -o /x\n').map((f) => f.range.start.line), [1]);
});
