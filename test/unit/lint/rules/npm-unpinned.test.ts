import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOf, linesOf } from '../../../helpers/lint';

const on = { settings: { rules: { 'npm-unpinned': 'info' as const } } };

test('npm-unpinned: off by default', () => {
  assert.deepEqual(linesOf('npm-unpinned', 'FROM node:22\nRUN npm install -g pnpm\n'), []);
});

test('npm-unpinned: flags named packages without a version, unpinned git URLs and ONBUILD triggers', () => {
  const text = [
    'FROM node:22',
    'RUN npm install --registry https://registry.example.com -g pnpm typescript@5.6.3',
    'RUN npm i @scope/tool',
    'RUN npm install git+https://example.com/team/tool.git',
    'ONBUILD RUN npm add left-pad',
  ].join('\n');
  assert.deepEqual(linesOf('npm-unpinned', text, on), [1, 2, 3, 4]);
  const [first] = findingsOf('npm-unpinned', text, on);
  assert.equal(first.severity, 'info');
  assert.match(first.message, /npm install pnpm without a version/);
});

test('npm-unpinned: silent for the lock file, versions, ranges, git refs, paths, tarballs and other sub-commands', () => {
  const text = [
    'FROM node:22',
    'RUN npm install && npm ci && npm run build -- install',
    'RUN npm install @scope/tool@">=1 <2" pnpm@9 ./local ../up /abs ~/home app-1.0.0.tgz $EXTRA',
    'RUN npm install git+https://example.com/team/tool.git#v1.2.0 team/repo#main',
  ].join('\n');
  assert.deepEqual(linesOf('npm-unpinned', text, on), []);
});
