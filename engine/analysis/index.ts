// File-level image analysis: stream the image export once, then compute per-layer changes,
// efficiency and wasted bytes. See docs/layers.md for how wasted bytes differ from dive's.
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { cleanCreatedBy, instructionOf } from '../docker/history';
import { DockerError } from '../docker/errors';
import { imagePath, requestJson, requestStream } from '../docker/requests';
import { abortError, readImageArchive } from './archive';
import { FilesystemReplay, type LayerChanges } from './changes';
import { resolveImage } from './resolve';
import { buildLayerTree, type FileFigure, type FolderFigure, largestFiles, largestFolders, type TreeNode } from './tree';

export type { TreeNode, FileFigure, FolderFigure } from './tree';

export interface AnalysisProgress {
  bytesRead: number;
  /** The image's size from inspect, when known: a fair estimate of the export's length. */
  totalBytesEstimate?: number;
}

export interface AnalysisOptions {
  signal?: AbortSignal;
  onProgress?: (progress: AnalysisProgress) => void;
  /** Build the per-layer directory trees (default true; the CLI's JSON output skips them). */
  trees?: boolean;
  /** How many largest files/folders per layer and wasted paths to keep (default 20 / 20 / 100). */
  largest?: number;
  maxWastedPaths?: number;
  /** For progress percentages when analyzing a stream. */
  totalBytesEstimate?: number;
}

export interface LayerAnalysis extends LayerChanges {
  /** Build order over all history entries, 0 = bottom (same indexes as getImageLayers). */
  index: number;
  digest: string | null;
  createdBy: string;
  rawCreatedBy: string;
  instruction: string;
  empty: boolean;
  sizeBytes: number;
  share: number;
  largestFiles: FileFigure[];
  largestFolders: FolderFigure[];
  tree?: TreeNode;
}

export interface WastedPath {
  path: string;
  /** Layers that wrote or removed the path. */
  count: number;
  cumulativeBytes: number;
  /** cumulativeBytes − the smallest copy. */
  wastedBytes: number;
  /** Layer indexes (build order) that wrote or removed it, with the size each wrote (0 = removal). */
  layers: Array<{ index: number; sizeBytes: number }>;
}

export interface ImageAnalysis {
  ref: string;
  id: string;
  repoTags: string[];
  /** Σ layer sizes (what `docker images` shows for a single image). */
  sizeBytes: number;
  layers: LayerAnalysis[];
  /** Σ min / Σ cumulative over paths written or removed by more than one layer; 1 when none. */
  efficiency: number;
  /** The same ratio over every path, as dive computes it (comparable to dive's score). */
  efficiencyAllPaths: number;
  /** Σ (cumulative − min) over repeated paths: bytes a better Dockerfile would not ship. */
  wastedBytes: number;
  /** wastedBytes / bytes above the bottom layer (dive's "user" layers). */
  userWastedPercent: number;
  /** Top offending paths, most wasted first. */
  wasted: WastedPath[];
  /** Number of repeated paths (wasted may be truncated). */
  wastedPathCount: number;
  bytesRead: number;
}

/**
 * Docker 20.10 writes the whole export to a temporary folder before its first byte: the answer
 * may take this long per byte of image on top of the client's timeout (8 MiB/s: a slow disk).
 */
const EXPORT_PREPARE_MS_PER_BYTE = 1000 / (8 << 20);

/**
 * Streams `GET /images/{ref}/get` and analyses it. Cancelling the signal stops the download; an
 * export that sends nothing for the client's timeout fails as DockerError('stalled').
 */
export async function analyzeImage(docker: Docker, ref: string, options: AnalysisOptions = {}): Promise<ImageAnalysis> {
  const { signal } = options;
  if (signal?.aborted) throw abortError();
  const estimate = options.totalBytesEstimate ?? (Number((await requestJson<{ Size?: unknown }>(docker, 'GET', imagePath(ref, 'json'), signal))?.Size) || 0);
  const stream = await requestStream(docker, {
    method: 'GET', path: imagePath(ref, 'get'), signal, statusCodes: { 200: true, 404: 'no such image', 500: 'server error' },
    watchIdle: true, extraAnswerMs: estimate * EXPORT_PREPARE_MS_PER_BYTE,
  });
  return analyzeArchive(stream, ref, { ...options, totalBytesEstimate: estimate });
}

/** Analyses an image archive stream (docker save output, legacy or OCI layout, or an OCI archive file). */
export async function analyzeArchive(source: Readable, ref: string, options: AnalysisOptions = {}): Promise<ImageAnalysis> {
  const { onProgress, totalBytesEstimate } = options;
  const contents = await readImageArchive(source, {
    signal: options.signal,
    onBytes: onProgress ? (bytesRead) => onProgress({ bytesRead, totalBytesEstimate }) : undefined,
  });
  const resolved = resolveImage(contents, ref);
  const replay = new FilesystemReplay();
  const limit = options.largest ?? 20;
  const sizeBytes = resolved.entries.reduce((sum, entry) => sum + (entry.scan?.sizeBytes ?? 0), 0);
  // A layer stored once may be used twice (identical layers); free its file list after the last use.
  const usesLeft = new Map<object, number>();
  for (const entry of resolved.entries) if (entry.scan) usesLeft.set(entry.scan, (usesLeft.get(entry.scan) ?? 0) + 1);
  const layers: LayerAnalysis[] = resolved.entries.map((entry, index) => {
    const createdBy = entry.createdBy === '(layer without history)' ? entry.createdBy : cleanCreatedBy(entry.createdBy);
    const base = { index, digest: entry.scan ? entry.diffId ?? null : null, createdBy, rawCreatedBy: entry.createdBy, instruction: instructionOf(createdBy) };
    if (!entry.scan) {
      return { ...base, empty: true, sizeBytes: 0, share: 0, added: 0, modified: 0, removed: 0, addedBytes: 0, modifiedBytes: 0, removedBytes: 0, removedPaths: [], largestFiles: [], largestFolders: [] };
    }
    const changes: LayerChanges = replay.apply(index, entry.scan);
    const layer: LayerAnalysis = {
      ...base, empty: false, sizeBytes: entry.scan.sizeBytes, share: sizeBytes > 0 ? entry.scan.sizeBytes / sizeBytes : 0,
      ...changes,
      largestFiles: largestFiles(entry.scan, limit),
      largestFolders: largestFolders(entry.scan, limit),
      ...(options.trees === false ? {} : { tree: buildLayerTree(entry.scan, changes) }),
    };
    // Done with this layer's file list: let it go before the next layer's replay (peak memory).
    const left = (usesLeft.get(entry.scan) ?? 1) - 1;
    usesLeft.set(entry.scan, left);
    if (left === 0) entry.scan.files = new Map();
    return layer;
  });
  if (options.signal?.aborted) throw abortError();
  return { ref, id: resolved.id, repoTags: resolved.repoTags, sizeBytes, layers, ...efficiencyFigures(replay, layers, sizeBytes, options.maxWastedPaths ?? 100), bytesRead: contents.bytesRead };
}

function efficiencyFigures(replay: FilesystemReplay, layers: LayerAnalysis[], sizeBytes: number, maxWasted: number) {
  let minimum = 0;
  let cumulative = 0;
  const wasted: WastedPath[] = [];
  for (const record of replay.repeats.values()) {
    minimum += record.minBytes;
    cumulative += record.cumulativeBytes;
    wasted.push({
      path: record.path,
      count: record.layers.length,
      cumulativeBytes: record.cumulativeBytes,
      wastedBytes: record.cumulativeBytes - record.minBytes,
      layers: record.layers.map((index, i) => ({ index, sizeBytes: record.sizes[i] })),
    });
  }
  wasted.sort((a, b) => b.wastedBytes - a.wastedBytes || a.path.localeCompare(b.path));
  const wastedBytes = cumulative - minimum;
  const bottom = layers.find((layer) => !layer.empty)?.sizeBytes ?? 0;
  const userBytes = sizeBytes - bottom;
  return {
    efficiency: cumulative > 0 ? minimum / cumulative : 1,
    // Every write counts on both sides of dive's ratio; only repeated paths differ.
    efficiencyAllPaths: sizeBytes > 0 ? (sizeBytes - wastedBytes) / sizeBytes : 1,
    wastedBytes,
    userWastedPercent: userBytes > 0 ? wastedBytes / userBytes : 0,
    wasted: wasted.filter((entry) => entry.wastedBytes > 0).slice(0, maxWasted),
    wastedPathCount: wasted.length,
  };
}

export { DockerError };
