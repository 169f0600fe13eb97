// The "Compare Two Images" report as Markdown: total size, layer count, base image, efficiency
// and the biggest layers side by side. Pure; text from the daemon (tags, instructions) is
// escaped so it renders as text, never as markup.
import type { ComparedImage, ImageComparison } from '../../engine/docker/compare';
import { formatBytes, formatShare, shortId } from '../../common/format';

/** Escapes text for a Markdown table cell. */
export function cell(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+!|~])/g, '\\$1');
}

function signedBytes(delta: number): string {
  if (delta === 0) return '0 B';
  return `${delta > 0 ? '+' : '−'}${formatBytes(Math.abs(delta))}`;
}

function percent(value: number | undefined): string {
  return value === undefined ? 'not analyzed' : `${(value * 100).toFixed(1)} %`;
}

function ratio(comparison: ImageComparison): string {
  const { sizeRatio } = comparison;
  if (!Number.isFinite(sizeRatio)) return '';
  if (sizeRatio >= 1) return ` (${sizeRatio.toFixed(sizeRatio >= 10 ? 0 : 1)}× the left)`;
  return ` (${(1 / sizeRatio).toFixed(1 / sizeRatio >= 10 ? 0 : 1)}× smaller)`;
}

function biggest(image: ComparedImage): string[] {
  if (image.biggestLayers.length === 0) return ['_No layer with files._', ''];
  return [
    '| Layer | Size | Share | Instruction |',
    '|---:|---:|---:|---|',
    ...image.biggestLayers.map((layer) => {
      const text = layer.createdBy.length > 140 ? `${layer.createdBy.slice(0, 139)}…` : layer.createdBy;
      return `| ${layer.index} | ${formatBytes(layer.sizeBytes)} | ${formatShare(layer.sizeBytes, image.sizeBytes)} | ${cell(text)} |`;
    }),
    '',
  ];
}

export function renderComparison(comparison: ImageComparison): string {
  const { left, right } = comparison;
  const base = (image: ComparedImage) => (image.baseName ? `${cell(image.baseName)} (${formatBytes(image.baseSizeBytes)})` : 'not found locally');
  const wastedDelta = comparison.wastedDeltaBytes === undefined ? '' : signedBytes(comparison.wastedDeltaBytes);
  const analyzedBoth = left.efficiency && right.efficiency;
  return [
    `# ${cell(left.ref)} vs ${cell(right.ref)}`,
    '',
    `| | ${cell(left.ref)} | ${cell(right.ref)} | Difference |`,
    '|---|---:|---:|---:|',
    `| Image ID | \`${shortId(left.id)}\` | \`${shortId(right.id)}\` | |`,
    `| Total size | ${formatBytes(left.sizeBytes)} | ${formatBytes(right.sizeBytes)} | ${signedBytes(comparison.sizeDeltaBytes)}${ratio(comparison)} |`,
    `| Layers with files | ${left.layerCount} | ${right.layerCount} | ${comparison.layerCountDelta > 0 ? '+' : ''}${comparison.layerCountDelta} |`,
    `| Metadata-only steps | ${left.emptyLayerCount} | ${right.emptyLayerCount} | |`,
    `| Base image | ${base(left)} | ${base(right)} | |`,
    `| Efficiency | ${percent(left.efficiency?.efficiency)} | ${percent(right.efficiency?.efficiency)} | |`,
    `| Wasted bytes | ${left.efficiency ? formatBytes(left.efficiency.wastedBytes) : 'not analyzed'} | ${right.efficiency ? formatBytes(right.efficiency.wastedBytes) : 'not analyzed'} | ${wastedDelta} |`,
    '',
    analyzedBoth ? '' : '_Efficiency and wasted bytes need a file-level analysis: run "Analyze Image" on both images, then compare again._',
    '',
    `## Biggest layers of ${cell(left.ref)}`,
    '',
    ...biggest(left),
    `## Biggest layers of ${cell(right.ref)}`,
    '',
    ...biggest(right),
  ].join('\n');
}
