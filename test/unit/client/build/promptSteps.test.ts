import assert from 'node:assert/strict';
import { test } from 'node:test';
import { promptTitles } from '../../../../client/build/promptSteps';

test('build prompts are numbered by what is asked: no target step for a single stage', () => {
  assert.deepEqual(promptTitles(1), {
    tag: 'Build image (1/3): tag', target: undefined, buildArgs: 'Build image (2/3): build arguments', context: 'Build image (3/3): context folder',
  });
  assert.deepEqual(promptTitles(2), {
    tag: 'Build image (1/4): tag', target: 'Build image (2/4): target stage', buildArgs: 'Build image (3/4): build arguments', context: 'Build image (4/4): context folder',
  });
  assert.equal(promptTitles(0).target, undefined);
});
