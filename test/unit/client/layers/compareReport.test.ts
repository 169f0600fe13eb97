import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cell, renderComparison } from '../../../../client/layers/compareReport';
import { compareImages } from '../../../../engine/docker/compare';
import type { ImageLayers, LayerInfo } from '../../../../engine/docker/images';

function layer(index: number, createdBy: string, sizeBytes: number): LayerInfo {
  return { index, digest: sizeBytes ? `sha256:${index}` : null, sizeBytes, share: 0, createdBy, rawCreatedBy: createdBy,
    instruction: 'RUN', empty: sizeBytes === 0, created: 0, comment: '', fromBase: false };
}

function image(ref: string, layers: LayerInfo[]): ImageLayers {
  const sizeBytes = layers.reduce((sum, l) => sum + l.sizeBytes, 0);
  return { ref, id: `sha256:${ref.length}${'0'.repeat(20)}`, tags: [ref], sizeBytes, created: 0, os: 'linux', architecture: 'amd64', layers };
}

test('the report puts size, layer count and the biggest layers side by side', () => {
  const single = image('app:single', [layer(0, 'ADD rootfs /', 800_000_000), layer(1, 'COPY . .', 2_000_000), layer(2, 'RUN go build', 60_000_000), layer(3, 'CMD ["/app"]', 0)]);
  const multi = image('app:multi', [layer(0, 'COPY --from=build /out/app /app', 7_000_000), layer(1, 'CMD ["/app"]', 0)]);
  const report = renderComparison(compareImages(single, multi, { right: { efficiency: 1, wastedBytes: 0, userWastedPercent: 0 } }));
  assert.match(report, /^# app:single vs app:multi$/m);
  assert.match(report, /\| Total size \| 862 MB \| 7\.00 MB \| −855 MB \(123× smaller\) \|/);
  assert.match(report, /\| Layers with files \| 3 \| 1 \| -2 \|/);
  assert.match(report, /\| Efficiency \| not analyzed \| 100\.0 % \|/);
  assert.match(report, /run "Analyze Image" on both images/);
  const singleSection = report.split('## Biggest layers of app:single')[1].split('## ')[0];
  assert.deepEqual([...singleSection.matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1])), [0, 2, 1]);
});

test('daemon text is escaped: it renders as text, never as markup or a broken table', () => {
  assert.equal(cell('a|b <img src=x> [l](u) `c`\nd'), 'a\\|b &lt;img src=x&gt; \\[l\\]\\(u\\) \\`c\\` d');
  const hostile = image('evil:<script>', [layer(0, 'RUN echo "|" <b>', 10)]);
  const report = renderComparison(compareImages(hostile, hostile));
  assert.ok(!report.includes('<script>'));
  assert.ok(!report.includes('<b>'));
});
