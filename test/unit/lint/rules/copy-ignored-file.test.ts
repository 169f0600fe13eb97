import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ignored = { files: { '.dockerignore': 'Dockerfile\nsecrets/\n*.md\n' } };

test('copy-ignored-file: COPY and ADD of paths .dockerignore excludes', () => {
  const text = 'FROM scratch\nCOPY Dockerfile .\nADD ./Dockerfile /windy\nCOPY secrets/key.pem go.mod /app/\nCOPY ["*.md", "/docs/"]\n';
  expectLinesInEveryForm('copy-ignored-file', text, [1, 2, 3, 4], ignored);
  const [copy, , key, docs] = findingsOf('copy-ignored-file', text, ignored);
  assert.equal(copy.severity, 'error');
  assert.deepEqual(copy.range, { start: { line: 1, character: 5 }, end: { line: 1, character: 15 } });
  assert.match(copy.message, /excludes Dockerfile/);
  assert.match(key.message, /secrets\/key\.pem/);
  assert.equal(docs.severity, 'warning');
  assert.deepEqual(docs.fixes, []);
});

test('copy-ignored-file: the fix re-includes the file in .dockerignore', () => {
  const files = { '.dockerignore': '**\n!src\n' };
  const [finding] = findingsOf('copy-ignored-file', 'FROM scratch\nCOPY go.sum /app/\n', { files });
  assert.deepEqual(finding.fixes?.[0].createFiles, [{ path: '.dockerignore', content: '!go.sum\n', append: true }]);
  expectFixClears('copy-ignored-file', 'FROM scratch\nCOPY go.sum /app/\n', { files });
});

test('copy-ignored-file: the whole context when .dockerignore leaves out everything', () => {
  assert.deepEqual(findingsOf('copy-ignored-file', 'FROM scratch\nCOPY . .\n', { files: { '.dockerignore': '*\n' } }).map((f) => f.severity), ['warning']);
  assert.deepEqual(findingsOf('copy-ignored-file', 'FROM scratch\nCOPY . .\n', { files: { '.dockerignore': '.*\n' } }), []);
});

test('copy-ignored-file: included paths, re-included folders, other stages and no .dockerignore are fine', () => {
  const text = 'FROM scratch AS base\nCOPY go.mod /foobar\nCOPY --from=base /foobar /Dockerfile\nCOPY src /src\nCOPY . .\nADD https://example.com/Dockerfile /x\n';
  expectLinesInEveryForm('copy-ignored-file', text, [], { files: { '.dockerignore': 'foobar\nDockerfile\n**\n!go.mod\n!src/**/*.go\n' } });
  expectLinesInEveryForm('copy-ignored-file', 'FROM scratch\nCOPY Dockerfile .\n', []);
});
