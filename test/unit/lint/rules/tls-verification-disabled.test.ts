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
