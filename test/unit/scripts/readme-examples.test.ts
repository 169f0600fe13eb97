// The README's example outputs are what the commands print on files in the repository today.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { regenerate } from '../../../scripts/readme-examples';
import { REPO_ROOT } from '../../helpers/paths';

test('every generated example in README.md is current (npx tsx scripts/readme-examples.ts --write)', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const { stale } = regenerate(readme);
  assert.ok(/<!-- generated: lint -->/.test(readme), 'the lint example is generated');
  assert.deepEqual(stale, []);
});

test('a README whose example no longer matches is reported stale', () => {
  const edited = '<!-- generated: lint -->\n```text\n$ dockscope lint\nDockerfile:1:1 error made up\n```\n<!-- /generated -->\n';
  assert.deepEqual(regenerate(edited).stale, ['lint']);
  assert.throws(() => regenerate('<!-- generated: nosuch -->\n```text\nx\n```\n<!-- /generated -->\n'), /no generator for "nosuch"/);
});
