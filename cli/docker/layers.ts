// `dockscope layers` at work (part of dist/cli-docker.js): reads the image through the daemon and
// prints the table or the JSON (version 1); the options are defined in cli/commands/layers.ts.
import { analyzeImage, type ImageAnalysis } from '../../engine/analysis/index';
import type Docker from 'dockerode';
import { releaseDockerClient } from '../../engine/docker/connection';
import type { EndpointOptions } from '../commands/endpointOptions';
import { connectDocker } from './endpoint';
import { CLI_WORDS, classifyDockerError } from '../../engine/docker/errors';
import { getImageLayers, type ImageLayers } from '../../engine/docker/images';
import { evaluateThresholds, type LayersThresholds, mergeThresholds, thresholdsFromConfig, type ThresholdResult } from '../../engine/analysis/thresholds';
import { formatBytes, formatCount, shortId } from '../../common/format';
import { findConfigFile, readConfigDocument } from '../../common/projectConfig';
import { readTextFile } from '../../common/files';
import { printable } from '../../common/format';
import { interruptible } from './interrupt';

export interface LayersOptions extends EndpointOptions {
  files?: boolean;
  json?: boolean;
  ci?: boolean;
  lowestEfficiency?: number;
  highestWastedBytes?: number;
  highestUserWastedPercent?: number;
  highestSize?: number;
}

export async function layers(ref: string, options: LayersOptions): Promise<number> {
  let thresholds: LayersThresholds | undefined;
  if (options.ci) {
    try {
      const file = findConfigFile(process.cwd(), readTextFile, { hadolint: false });
      if (file?.problem) throw new Error(file.problem);
      const config = file && readConfigDocument(file.path, file.text);
      if (config?.problem) throw new Error(config.problem);
      thresholds = mergeThresholds(
        { lowestEfficiency: options.lowestEfficiency, highestWastedBytes: options.highestWastedBytes, highestUserWastedPercent: options.highestUserWastedPercent, highestSize: options.highestSize },
        thresholdsFromConfig(config?.data.layers, file?.path ?? '.dockscope.yaml'),
      );
    } catch (error) {
      process.stderr.write(printable(`dockscope layers: ${error instanceof Error ? error.message : String(error)}\n`));
      return 2;
    }
  }
  return interruptible('layers', (signal) => report(ref, options, thresholds, signal));
}

async function report(ref: string, options: LayersOptions, thresholds: LayersThresholds | undefined, signal: AbortSignal): Promise<number> {
  let endpoint = '';
  let docker: Docker | undefined;
  const live = !options.json && process.stderr.isTTY;
  try {
    docker = connectDocker(options, (described) => { endpoint = described; }).docker;
    const history = await getImageLayers(docker, ref, { signal });
    let analysis: ImageAnalysis | undefined;
    if (options.files || options.ci) {
      analysis = await analyzeImage(docker, ref, {
        signal,
        trees: false,
        totalBytesEstimate: history.sizeBytes,
        onProgress: live ? ({ bytesRead }) => process.stderr.write(`\r\x1b[Kreading ${formatBytes(bytesRead)} of ~${formatBytes(history.sizeBytes)}`) : undefined,
      });
      if (live) process.stderr.write('\r\x1b[K');
    }
    const results = thresholds && analysis ? evaluateThresholds(analysis, thresholds) : [];
    process.stdout.write(printable(options.json ? `${JSON.stringify(toJson(ref, history, analysis))}\n` : renderTable(history, analysis, results)));
    if (options.json && results.length) process.stderr.write(printable(renderResults(results)));
    return results.some((result) => !result.passed) ? 1 : 0;
  } catch (error) {
    if (live) process.stderr.write('\r\x1b[K');
    if (signal.aborted) return 1; // interruptible() says so and exits 130
    process.stderr.write(printable(`dockscope layers: ${classifyDockerError(error, { words: CLI_WORDS, endpoint, image: ref }).message}\n`));
    return 1;
  } finally {
    // The ssh connection (or kept-alive TLS sockets) would keep the process alive.
    if (docker) releaseDockerClient(docker);
  }
}

/** The `dockscope layers --json` shape (version 1); file-level keys only when the analysis ran. */
function toJson(ref: string, history: ImageLayers, analysis?: ImageAnalysis): unknown {
  const image: Record<string, unknown> = { ref, id: history.id, sizeBytes: history.sizeBytes };
  if (analysis) Object.assign(image, { efficiency: analysis.efficiency, wastedBytes: analysis.wastedBytes, userWastedPercent: analysis.userWastedPercent });
  // The archive's config knows exactly which entries are empty; history only infers it.
  const layers = analysis
    ? analysis.layers.map((layer) => ({ index: layer.index, digest: layer.digest, sizeBytes: layer.sizeBytes, createdBy: layer.createdBy, empty: layer.empty, added: layer.added, modified: layer.modified, removed: layer.removed }))
    : history.layers.map((layer) => ({ index: layer.index, digest: layer.digest, sizeBytes: layer.sizeBytes, createdBy: layer.createdBy, empty: layer.empty }));
  const json: Record<string, unknown> = { version: 1, image, layers };
  if (analysis) json.wasted = analysis.wasted.map((entry) => ({ path: entry.path, count: entry.count, cumulativeBytes: entry.cumulativeBytes, wastedBytes: entry.wastedBytes }));
  return json;
}

function renderTable(history: ImageLayers, analysis: ImageAnalysis | undefined, results: ThresholdResult[]): string {
  const lines: string[] = [];
  const base = history.base ? `, FROM ${history.base.name}` : '';
  lines.push(`${history.ref}  ${shortId(history.id)}  ${formatBytes(history.sizeBytes)}  ${formatCount(history.layers.filter((l) => !l.empty).length, 'layer')}${base}`);
  const head = ['#', 'SIZE', 'SHARE', ...(analysis ? ['ADDED', 'MODIFIED', 'REMOVED'] : []), 'INSTRUCTION'];
  const sameEntries = !analysis || analysis.layers.length === history.layers.length;
  const rows = (analysis?.layers ?? history.layers).map((shown) => {
    const files = analysis ? analysis.layers[shown.index] : undefined;
    const mark = sameEntries && history.layers[shown.index]?.fromBase ? ' (base)' : '';
    return [
      String(shown.index),
      shown.empty ? '-' : formatBytes(shown.sizeBytes),
      shown.empty ? '' : `${(shown.share * 100).toFixed(1)}%`,
      ...(files ? (files.empty ? ['', '', ''] : [String(files.added), String(files.modified), String(files.removed)]) : []),
      `${clip(shown.createdBy.replace(/\s+/g, ' '), 100)}${mark}`,
    ];
  });
  const widths = head.map((_, column) => Math.max(head[column].length, ...rows.map((row) => row[column].length)));
  const format = (row: string[]) => row.map((cell, column) => (column === row.length - 1 ? cell : column === 0 || column === head.length - 1 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
  lines.push(format(head), ...rows.map(format));
  if (analysis) {
    lines.push('', `efficiency ${(analysis.efficiency * 100).toFixed(1)}% (over repeated paths; ${(analysis.efficiencyAllPaths * 100).toFixed(1)}% over all paths)`);
    lines.push(`wasted ${formatBytes(analysis.wastedBytes)} (${(analysis.userWastedPercent * 100).toFixed(1)}% of the user layers)`);
    if (analysis.wasted.length) {
      lines.push('', 'WASTED      COUNT  PATH (layers)');
      for (const entry of analysis.wasted.slice(0, 15)) {
        lines.push(`${formatBytes(entry.wastedBytes).padStart(10)}  ${String(entry.count).padStart(5)}  ${entry.path} (${entry.layers.map((l) => (l.sizeBytes ? `#${l.index}` : `#${l.index} removed`)).join(', ')})`);
      }
    }
    for (const layer of analysis.layers.filter((l) => !l.empty && l.largestFiles.some((f) => f.sizeBytes > 0))) {
      lines.push('', `largest in #${layer.index} ${clip(layer.createdBy, 60)}`);
      for (const file of layer.largestFiles.slice(0, 5).filter((f) => f.sizeBytes > 0)) lines.push(`${formatBytes(file.sizeBytes).padStart(10)}  ${file.change.padEnd(8)}  ${file.path}`);
    }
  }
  return `${lines.join('\n')}\n${renderResults(results)}`;
}

function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

function renderResults(results: ThresholdResult[]): string {
  if (!results.length) return '';
  const show = (result: ThresholdResult, value: number) => (result.name === 'highestWastedBytes' || result.name === 'highestSize' ? formatBytes(value) : value.toFixed(4));
  const lines = results.map((result) => `${result.passed ? 'PASS' : 'FAIL'}  ${result.name}: ${show(result, result.actual)} (limit ${show(result, result.limit)})`);
  return `\n${lines.join('\n')}\n`;
}
