// "Analyze Image": streams the image export through the engine under a cancellable progress
// notification (bytes read), then shows the result as rows in the Layers view and hands the
// per-line layer sizes to the inline figures when the image matches an open Dockerfile.
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { formatBytes, shortId } from '../../common/format';
import { analyzeImage as analyzeWithEngine, type ImageAnalysis } from '../../engine/analysis';
import { classifyDockerError, EDITOR_WORDS } from '../../engine/docker/errors';
import { explainsImage, sizesByLine } from '../../engine/dockerfile/historyMatch';
import type { Logger } from '../shell/logger';
import { imageSummaryRows, layerRows } from './analysisRows';
import { imageLabel, type ImageEntry } from './imageList';
import type { KnownDockerfiles, LayerSizeSink } from './knownBuilds';
import type { ImageLayers } from './layerRows';
import { DetailNode } from './nodes';
import { matchDockerfile } from './openSource';
import type { AnalysisView, LayersTreeProvider } from './provider';

/** What an analysis needs from the Layers view and the extension. */
export interface AnalyzeDeps {
  provider: LayersTreeProvider;
  docker: () => Docker;
  endpoint: () => string;
  knownDockerfiles: KnownDockerfiles;
  log: Logger;
  /** Where layer sizes go after an analysis (the build feature's inline figures), if present. */
  inlineFigures?: LayerSizeSink;
}

function analysisView(analysis: ImageAnalysis): AnalysisView {
  const perLayer = new Map<number, DetailNode[]>();
  for (const layer of analysis.layers) {
    const rows = layerRows(layer);
    if (rows.length) perLayer.set(layer.index, rows.map((row) => new DetailNode(row)));
  }
  return {
    summary: imageSummaryRows(analysis).map((row) => new DetailNode(row)),
    perLayer,
    efficiency: { efficiency: analysis.efficiency, wastedBytes: analysis.wastedBytes, userWastedPercent: analysis.userWastedPercent },
    layerSizes: analysis.layers.map((layer) => ({ index: layer.index, sizeBytes: layer.sizeBytes })),
  };
}

/**
 * Shows the analysis Dockscope already made of this image id (ids are content hashes: it cannot
 * have changed) and its sizes inline; false when there is none.
 */
export async function showExistingAnalysis(deps: AnalyzeDeps, image: ImageEntry): Promise<boolean> {
  const existing = deps.provider.analysisOf(image.id);
  if (!existing) return false;
  deps.log.info(`${imageLabel(image)} was analyzed already; showing that analysis`);
  await publishSizes(deps, image, { layers: existing.layerSizes });
  return true;
}

async function publishSizes(deps: AnalyzeDeps, image: ImageEntry, analysed: { layers: ReadonlyArray<{ index: number; sizeBytes: number }> }): Promise<void> {
  if (!deps.inlineFigures) return;
  const layers = await deps.provider.loadLayers(image);
  const dockerfile = await publishLayerSizes(deps.inlineFigures, deps.knownDockerfiles, layers, analysed);
  deps.log.debug(dockerfile ? `Layer sizes of ${imageLabel(image)} shown in ${dockerfile}` : `No Dockerfile built this image or explains it; no inline sizes for ${imageLabel(image)}`);
}

/** Runs the analysis; resolves with it, or undefined when cancelled or failed (already reported). */
export async function analyzeImage(deps: AnalyzeDeps, image: ImageEntry): Promise<ImageAnalysis | undefined> {
  const label = imageLabel(image);
  const started = Date.now();
  try {
    const analysis = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification,
      title: `Analyzing ${label}`,
      cancellable: true,
    }, async (progress, token) => {
      const controller = new AbortController();
      const cancel = token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      try {
        return await analyzeWithEngine(deps.docker(), image.id, {
          signal: controller.signal,
          totalBytesEstimate: image.sizeBytes,
          onProgress: ({ bytesRead, totalBytesEstimate }) => {
            // withProgress wants increments; the estimate can be short (tar headers), so cap at 99 %.
            const total = totalBytesEstimate ?? 0;
            const percent = total > 0 ? Math.min(99, (bytesRead / total) * 100) : 0;
            progress.report({ message: `${formatBytes(bytesRead)}${total ? ` of ~${formatBytes(total)}` : ''} read`, increment: Math.max(0, percent - reported) });
            reported = Math.max(reported, percent);
          },
        });
      } finally {
        cancel.dispose();
      }
    });
    deps.log.info(`Analyzed ${label}: ${formatBytes(analysis.bytesRead)} in ${Date.now() - started} ms, efficiency ${(analysis.efficiency * 100).toFixed(1)} %, ${formatBytes(analysis.wastedBytes)} wasted`);
    deps.provider.setAnalysis(image.id, analysisView(analysis));
    await publishSizes(deps, image, analysis);
    return analysis;
  } catch (error) {
    const failure = classifyDockerError(error, { words: EDITOR_WORDS, endpoint: deps.endpoint(), image: label });
    if (failure.kind === 'cancelled') {
      deps.log.info(`Analysis of ${label} cancelled`);
      return undefined;
    }
    deps.log.error(`Analysis of ${label} failed (${failure.kind})`, failure.detail);
    if (failure.kind === 'image-not-found') deps.provider.refresh();
    const choice = await vscode.window.showErrorMessage(`Dockscope: ${failure.message}`, ...(failure.retryable ? ['Retry', 'Show Output'] : ['Show Output']));
    if (choice === 'Retry') return analyzeImage(deps, image);
    if (choice === 'Show Output') await vscode.commands.executeCommand('dockscope.showOutput');
    return undefined;
  }
}

/**
 * Puts each layer's size at the end of the Dockerfile line that produced it: in the Dockerfile
 * Dockscope built this very image from, else in one open in an editor that explains at least
 * half of its own layers and that Dockscope did not build into another image (a line's figures
 * come from one image). Returns the Dockerfile that received sizes, or undefined.
 */
async function publishLayerSizes(sink: LayerSizeSink, known: KnownDockerfiles, image: ImageLayers, analysed: { layers: ReadonlyArray<{ index: number; sizeBytes: number }> }): Promise<string | undefined> {
  for (const { uri, built, builtOther } of known(image)) {
    if (builtOther) continue;
    const match = await matchDockerfile(uri, image, built);
    if (!match || (!built && !explainsImage(match))) continue;
    sink.setLayerSizes(uri, sizesByLine(image, match, analysed), {
      id: image.id, label: image.tags[0] ?? shortId(image.id),
      baseLine: match.baseLine === undefined ? undefined : match.baseLine + 1, baseName: image.base?.name,
    });
    return uri.fsPath;
  }
  return undefined;
}
