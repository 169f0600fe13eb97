import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluateThresholds, mergeThresholds, parseByteSize, parseRatio, thresholdsFromConfig } from '../../../../engine/analysis/thresholds';

test('sizes: SI and binary units, plain bytes; nonsense is rejected', () => {
  assert.equal(parseByteSize('20MB'), 20_000_000);
  assert.equal(parseByteSize('20MiB'), 20 * 1024 * 1024);
  assert.equal(parseByteSize('1.5 GB'), 1_500_000_000);
  assert.equal(parseByteSize('512'), 512);
  assert.equal(parseByteSize(4096), 4096);
  assert.equal(parseByteSize('10kb'), 10_000);
  for (const bad of ['', 'MB', '12QB', '-5MB', '1e3']) assert.throws(() => parseByteSize(bad), /not a size/, bad);
});

test('ratios: 0..1 or a percentage', () => {
  assert.equal(parseRatio('0.9'), 0.9);
  assert.equal(parseRatio('10%'), 0.1);
  assert.equal(parseRatio(1), 1);
  for (const bad of ['1.5', '-0.1', 'high', '']) assert.throws(() => parseRatio(bad), bad);
});

test('.dockscope.yaml layers section: camelCase, kebab-case, disabled; flags win; defaults fill the rest', () => {
  const config = thresholdsFromConfig({ 'lowest-efficiency': 0.5, highestWastedBytes: '20MB', highestUserWastedPercent: 'disabled' }, 'x.yaml');
  assert.deepEqual(config, { lowestEfficiency: 0.5, highestWastedBytes: 20_000_000, disabled: ['highestUserWastedPercent'] });
  assert.deepEqual(mergeThresholds({}, config), { lowestEfficiency: 0.5, highestWastedBytes: 20_000_000 });
  assert.deepEqual(mergeThresholds({ highestWastedBytes: 1 }, config), { lowestEfficiency: 0.5, highestWastedBytes: 1 });
  assert.deepEqual(mergeThresholds({}, thresholdsFromConfig(undefined, 'none')), { highestUserWastedPercent: 0.1 });
  assert.throws(() => thresholdsFromConfig({ highestWastedBytes: 'lots' }, 'x.yaml'), /x\.yaml: layers\.highestWastedBytes/);
  assert.throws(() => thresholdsFromConfig(['a'], 'x.yaml'), /must be a mapping/);
});

test('evaluation: each configured threshold passes or fails', () => {
  const results = evaluateThresholds({ efficiency: 0.8, wastedBytes: 30_000_000, userWastedPercent: 0.05, sizeBytes: 591_000_000 }, { lowestEfficiency: 0.9, highestWastedBytes: 20_000_000, highestUserWastedPercent: 0.1, highestSize: 50_000_000 });
  assert.deepEqual(results.map((r) => [r.name, r.passed]), [['lowestEfficiency', false], ['highestWastedBytes', false], ['highestUserWastedPercent', true], ['highestSize', false]]);
  assert.deepEqual(evaluateThresholds({ efficiency: 1, wastedBytes: 0, userWastedPercent: 0, sizeBytes: 1 }, {}), []);
});

test('a size budget: an image that wastes nothing by dive\'s measure can still be too big', () => {
  const toolchainImage = { efficiency: 1, wastedBytes: 0, userWastedPercent: 0, sizeBytes: 591_000_000 };
  const budget = mergeThresholds({}, thresholdsFromConfig({ 'highest-size': '50MB' }, 'x.yaml'));
  assert.deepEqual(budget, { highestUserWastedPercent: 0.1, highestSize: 50_000_000 });
  assert.deepEqual(evaluateThresholds(toolchainImage, budget).map((r) => [r.name, r.passed]), [['highestUserWastedPercent', true], ['highestSize', false]]);
});

