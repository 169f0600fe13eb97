import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BuildStep } from '../../../../engine/build/record';
import { figureHover, figureText, stepFigures } from '../../../../client/build/lineFigures';

function step(line: number | null, instruction: string | null, durationMs: number, extra: Partial<BuildStep> = {}): BuildStep {
  return { name: `${instruction} x`, stage: null, instruction, line, endLine: line, kind: 'run', internal: line === null, startedMs: 0,
    durationMs, cached: false, completed: true, error: null, logTail: [], ...extra };
}

test('times go on lines that did work: not on metadata-only instructions, not on a FROM that only resolved a local image', () => {
  const figures = stepFigures({ steps: [
    step(null, null, 900),
    step(1, 'FROM', 3, { cached: true }),
    step(2, 'WORKDIR', 20),
    step(3, 'RUN', 3200),
    step(4, 'ENV', 1), step(5, 'EXPOSE', 1), step(6, 'CMD', 0), step(7, 'LABEL', 0),
    step(8, 'FROM', 4100),
    step(9, 'COPY', 5, { cached: true }),
  ] });
  assert.deepEqual([...figures.keys()], [1, 2, 7, 8], '0-based lines: WORKDIR, RUN, the FROM that pulled, the COPY');
  assert.equal(figureText(figures.get(2)!), '3.20 s');
  assert.equal(figureText(figures.get(8)!), 'cached');
});

test('the text is short: size, then time, cached or a failure mark', () => {
  assert.equal(figureText({ bytes: 12_400_000, durationMs: 3200 }), '12.4 MB · 3.20 s');
  assert.equal(figureText({ bytes: 583_000_000 }), '583 MB');
  assert.equal(figureText({ durationMs: 1500, failed: true }), '✗ 1.50 s');
  assert.equal(figureText({}), '');
});

test('the hover names the one image the figures are of, and what a FROM line\'s size is', () => {
  const image = { id: 'sha256:0123456789abcdef0123', label: 'app:dev', builtAt: '2026-01-02T03:04:05Z', baseName: 'golang:1.22' };
  const layer = figureHover({ bytes: 2048, durationMs: 1200 }, image);
  assert.match(layer[0], /^Figures of image app:dev \(0123456789ab\) built from this file on /);
  assert.match(layer[1], /ran for 1\.20 s/);
  assert.equal(layer[2], 'The layer this instruction made is 2.05 kB (2,048 bytes).');
  const from = figureHover({ bytes: 583_000_000, base: true }, image);
  assert.equal(from[1], 'The base image golang:1.22 is 583 MB (583,000,000 bytes) of the image.');
  const analysed = figureHover({ bytes: 1 }, { id: 'sha256:ab', label: 'other:1' });
  assert.match(analysed[0], /other:1 .* \(analyzed\)\.$/);
  assert.match(figureHover({ failed: true, durationMs: 10 }, undefined, '2026-01-02T03:04:05Z')[0], /^This instruction failed after 10 ms/);
});

test('a step that ran says why in a few words after its time, and in a sentence in the hover', () => {
  const figures = stepFigures({ steps: [
    step(3, 'COPY', 90, { reason: { kind: 'files-changed', added: [], removed: [], changed: ['cmd/server/main.go'] } }),
    step(4, 'RUN', 2100, { reason: { kind: 'parent', line: 3 } }),
    step(5, 'RUN', 0, { cached: true }),
  ] });
  assert.equal(figureText(figures.get(2)!), '90 ms · main.go changed');
  assert.equal(figureText(figures.get(3)!), '2.10 s · after line 3');
  assert.equal(figureText(figures.get(4)!), 'cached');
  assert.ok(figureHover(figures.get(2)!, undefined).includes('Why it ran instead of coming from the cache: 1 file changed: cmd/server/main.go.'));
});
