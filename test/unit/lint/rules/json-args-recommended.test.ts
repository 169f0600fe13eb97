import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf, linesOf } from '../../../helpers/lint';

test('json-args-recommended: flags the effective shell-form CMD/ENTRYPOINT with an exec-form fix', () => {
  const text = [
    'FROM alpine:3.20',
    'COPY server /usr/local/bin/server',
    'ENTRYPOINT server \\',
    '    --port 8080',
    'FROM node:20-slim',
    'CMD ["node", "old.js"]',
    'CMD node server.js',
  ].join('\n');
  expectLinesInEveryForm('json-args-recommended', text, [2, 6]);
  const [entrypoint, cmd] = findingsOf('json-args-recommended', text);
  assert.equal(entrypoint.severity, 'warning');
  assert.deepEqual(cmd.range, { start: { line: 6, character: 4 }, end: { line: 6, character: 18 } });
  expectFixClearsInEveryForm('json-args-recommended', text);
  assert.deepEqual(expectFixClears('json-args-recommended', 'FROM alpine\nCMD server --name "a b" \'$HOME\'\n'),
    ['FROM alpine\nCMD ["server", "--name", "a b", "$HOME"]\n']);
  // ENTRYPOINT with a CMD: exec form starts passing CMD as arguments, so the fix is not "safe".
  const [withCmd] = findingsOf('json-args-recommended', 'FROM alpine\nENTRYPOINT server\nCMD ["--help"]\n');
  assert.equal(withCmd.fixes?.[0].safe, false);
});

test('json-args-recommended: no fix when the command needs a shell', () => {
  const text = 'FROM alpine\nCMD server --port $PORT && echo done\n';
  assert.deepEqual(linesOf('json-args-recommended', text), [1]);
  assert.deepEqual(findingsOf('json-args-recommended', text)[0].fixes, []);
});

test('json-args-recommended: silent for exec form, exec in shell form, shell-less stages and PowerShell', () => {
  const text = [
    'FROM alpine:3.20',
    'CMD exec server --port 8080',
    'FROM alpine:3.20',
    'CMD ["server"]',
    'ENTRYPOINT ["tini", "--"]',
    'FROM scratch',
    'CMD /server',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022',
    'SHELL ["powershell", "-Command"]',
    'CMD Start-Service w3svc',
  ].join('\n');
  expectLinesInEveryForm('json-args-recommended', text, []);
  // One finding per problem: no-shell-in-runtime reports the scratch line.
  assert.deepEqual(linesOf('no-shell-in-runtime', text), [6]);
});
