// The README's `dockscope layers` and `dockscope build` examples are what those commands print
// today on the examples/ folders, apart from what moves from run to run (durations, IDs).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { regenerateDocker } from '../../scripts/readme-examples';
import { dockerOrSkip } from '../helpers/docker';
import { REPO_ROOT } from '../helpers/paths';

test('the README\'s layers and build examples are current (npx tsx scripts/readme-examples.ts --docker --write)', { timeout: 300_000 }, async (t) => {
  if (!(await dockerOrSkip(t))) return;
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  for (const name of ['layers', 'layers-json', 'build', 'build-json']) assert.match(readme, new RegExp(`<!-- generated: ${name} -->`));
  const { stale } = await regenerateDocker(readme);
  assert.deepEqual(stale, []);
});
