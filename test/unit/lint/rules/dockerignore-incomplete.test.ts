import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixEdit } from '../../../../lint/codeActions';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf, lintText } from '../../../helpers/lint';

const text = 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["node", "server.js"]\n';
const repo = { '.git/HEAD': 'ref: refs/heads/main\n', '.env': 'TOKEN=x\n', 'package.json': '{}' };

test('dockerignore-incomplete: flags a .dockerignore that lets .git and .env into COPY . .', () => {
  const files = { ...repo, '.dockerignore': 'node_modules\n' };
  expectLinesInEveryForm('dockerignore-incomplete', text, [4], { files });
  const [finding] = findingsOf('dockerignore-incomplete', text, { files });
  assert.equal(finding.severity, 'info');
  assert.deepEqual(finding.range, { start: { line: 4, character: 5 }, end: { line: 4, character: 6 } });
  assert.match(finding.message, /\.git, \.env/);
  assert.deepEqual(finding.fixes?.[0].createFiles, [{ path: '.dockerignore', content: '.git\n.env*\n', append: true }]);
  expectFixClearsInEveryForm('dockerignore-incomplete', text, { files });
});

test('dockerignore-incomplete: appends only what is missing, keeping the file\'s line endings', () => {
  const crlf = { ...repo, '.dockerignore': 'node_modules\r\n.git' };
  const [finding] = findingsOf('dockerignore-incomplete', text, { files: crlf });
  assert.deepEqual(finding.fixes?.[0].createFiles, [{ path: '.dockerignore', content: '\r\n.env*\r\n', append: true }]);
  assert.deepEqual(expectFixClears('dockerignore-incomplete', text, { files: crlf }), [text]);
  const envOnly = { '.env.local': 'X=1', '.dockerignore': '' };
  assert.deepEqual(findingsOf('dockerignore-incomplete', text, { files: envOnly })[0].fixes?.[0].createFiles?.[0].content, '.env*\n');
  const copiesExample = text.replace('COPY . .', 'COPY .env.example ./\nCOPY . .');
  const named = findingsOf('dockerignore-incomplete', copiesExample, { files: { ...repo, '.env.example': 'X=', '.dockerignore': '.git\n' } });
  assert.deepEqual(named[0].fixes?.[0].createFiles?.[0].content, '.env\n', '.env* would exclude the copied .env.example');
  expectFixClears('dockerignore-incomplete', copiesExample, { files: { ...repo, '.env.example': 'X=', '.dockerignore': '.git\n' } });
});

test('dockerignore-incomplete: silent when excluded by any pattern, when absent from the context, or without COPY .', () => {
  for (const ignore of ['.git\n.env\n', '.*\n', '**/.git\n*.env\n.env\n', '*\n!src\n!package*.json\n', '.git/\n.env*\n']) {
    expectLinesInEveryForm('dockerignore-incomplete', text, [], { files: { ...repo, '.dockerignore': ignore } });
  }
  expectLinesInEveryForm('dockerignore-incomplete', text, [], { files: { 'package.json': '{}', '.dockerignore': 'node_modules\n' } });
  expectLinesInEveryForm('dockerignore-incomplete', 'FROM node:20\nCOPY src/ /app/src/\n', [], { files: { ...repo, '.dockerignore': 'node_modules\n' } });
  expectLinesInEveryForm('dockerignore-incomplete', text, [], { files: repo });
  expectLinesInEveryForm('dockerignore-incomplete', text.replace('COPY . .', 'COPY .git .git\nCOPY . .'), [], { files: { '.git/HEAD': 'x', '.dockerignore': 'node_modules\n' } });
});

test('dockerignore-incomplete: the code action appends at the end of the existing file instead of creating it', () => {
  const files = { ...repo, '.dockerignore': 'node_modules\n*.md\n' };
  const result = lintText(text, { files });
  const finding = result.findings.find((f) => f.rule.meta.id === 'dockerignore-incomplete');
  assert.ok(finding?.fixes?.[0]);
  const edit = fixEdit(result, finding.fixes[0]);
  assert.deepEqual(edit.documentChanges, [{
    textDocument: { uri: 'file:///memory/.dockerignore', version: null },
    edits: [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '.git\n.env*\n' }],
  }]);
});
