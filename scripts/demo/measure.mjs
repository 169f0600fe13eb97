// The demo's measuring half: builds a Dockerfile through Dockscope's build engine (BuildKit via
// the Engine API, per-step timings) and reads the resulting image back through the layers and
// analysis engine. Every figure printed by the demo comes from here, measured on this daemon.
import { analyzeImage } from '../../engine/analysis/index.ts';
import { compareImages } from '../../engine/docker/compare.ts';
import { getImageLayers } from '../../engine/docker/images.ts';
import { runBuild } from '../../engine/build/runner.ts';
import { formatBytes, formatDuration, formatPercent } from '../../common/format.ts';

/**
 * One build with no network, as every build on our machines; throws when it fails. The image the
 * tag named before is removed when nothing else names it, so demo runs leave no `<none>` images.
 */
async function build(docker, request) {
  const previous = await docker.getImage(request.tag).inspect().then((image) => image.Id, () => undefined);
  const record = await runBuild(docker, { ...request, network: 'none' });
  if (previous && previous !== record.image) await removeIfUntagged(docker, previous);
  if (record.outcome !== 'succeeded') {
    const failed = record.steps.find((step) => step.error);
    throw new Error(`building ${request.tag} failed: ${record.error}${failed ? `\n  at ${failed.name}\n  ${failed.logTail.join('\n  ')}` : ''}`);
  }
  return record;
}

async function removeIfUntagged(docker, id) {
  const image = await docker.getImage(id).inspect().catch(() => undefined);
  if (!image || image.RepoTags?.some((tag) => tag !== '<none>:<none>')) return;
  // A container or a child image may still use it; then it stays, as `docker image prune` would leave it.
  await docker.getImage(id).remove().catch(() => undefined);
}

/**
 * The first build, as a fresh CI runner does it: `--no-cache` discards the layer cache and also
 * BuildKit's cache mounts, so a cache mount's benefit shows only in the rebuild. Then reads the
 * image back: layers and file-level efficiency.
 */
export async function buildAndMeasure(docker, { dockerfile, context, tag }) {
  const record = await build(docker, { dockerfile, context, tag, noCache: true });
  const layers = await getImageLayers(docker, tag);
  const analysis = await analyzeImage(docker, tag, { trees: false });
  return { record, layers, analysis };
}

/** The everyday case the cache-order fixes are for: one source file changed, then rebuild. */
export async function rebuildAfterEdit(docker, { dockerfile, context, tag }, edit) {
  edit();
  return build(docker, { dockerfile, context, tag });
}

export function compareMeasured(before, after) {
  const efficiency = (analysis) => ({ efficiency: analysis.efficiency, wastedBytes: analysis.wastedBytes, userWastedPercent: analysis.userWastedPercent });
  return compareImages(before.layers, after.layers, { left: efficiency(before.analysis), right: efficiency(after.analysis) });
}

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('   ')).join('\n');
}

export function comparisonTable(before, after) {
  const comparison = compareMeasured(before, after);
  const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(a / b >= 10 ? 0 : 1)}×` : '–');
  const speed = (a, b) => (a >= b ? `${ratio(a, b)} faster` : `${ratio(b, a)} slower`);
  const row = (name, a, b, delta) => [name, a, b, delta];
  return table([
    ['', 'single-stage', 'fixed (multi-stage)', 'change'],
    row('image size', formatBytes(comparison.left.sizeBytes), formatBytes(comparison.right.sizeBytes),
      comparison.right.sizeBytes < comparison.left.sizeBytes
        ? `${ratio(comparison.left.sizeBytes, comparison.right.sizeBytes)} smaller` : 'not smaller'),
    row('layers (with files)', String(comparison.left.layerCount), String(comparison.right.layerCount),
      `${comparison.layerCountDelta >= 0 ? '+' : ''}${comparison.layerCountDelta}`),
    row('first build (--no-cache)', formatDuration(before.record.wallMs), formatDuration(after.record.wallMs), speed(before.record.wallMs, after.record.wallMs)),
    row('rebuild after editing main.go', formatDuration(before.rebuild.wallMs), formatDuration(after.rebuild.wallMs), speed(before.rebuild.wallMs, after.rebuild.wallMs)),
    row('build steps', String(before.record.totalSteps), String(after.record.totalSteps), ''),
    row('efficiency', formatPercent(before.analysis.efficiency), formatPercent(after.analysis.efficiency), ''),
    row('wasted bytes', formatBytes(before.analysis.wastedBytes), formatBytes(after.analysis.wastedBytes), ''),
  ]);
}

export function stepLines(record) {
  return record.steps.filter((step) => !step.internal).map((step) =>
    `    ${formatDuration(step.durationMs).padStart(8)}  ${step.cached ? 'cached ' : '       '}${step.name}`);
}
