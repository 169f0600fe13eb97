// Images and their layers from the daemon's `history` + `inspect`: cheap (two small requests),
// so the tree view can show layers instantly; the file-level analysis (analysis/) is the slow path.
import type Docker from 'dockerode';
import { shortId } from '../../common/format';
import { DockerError } from './errors';
import { describeCreatedBy, instructionOf, pairHistoryWithLayers } from './history';
import { imagePath, requestJson } from './requests';

export interface ImageSummary {
  id: string;
  /** 12 hex digits, as `docker images` shows. */
  shortId: string;
  /** "repo:tag" names; empty for dangling images. */
  tags: string[];
  /** First tag, else "<none> <shortId>"; what a list shows. */
  name: string;
  sizeBytes: number;
  /** Creation time, ms since the epoch. */
  created: number;
  dangling: boolean;
}

export interface LayerInfo {
  /** Position in build order over all history entries, 0 = bottom. */
  index: number;
  /** The layer's DiffID from RootFS.Layers; null for empty (metadata-only) entries. */
  digest: string | null;
  sizeBytes: number;
  /** sizeBytes / image size, 0..1. */
  share: number;
  /** Cleaned instruction text, e.g. "RUN apk add curl", "COPY . /src", "ENV X=1". */
  createdBy: string;
  /** The daemon's created_by, untouched (for a read-only document). */
  rawCreatedBy: string;
  /** The Dockerfile keyword of createdBy ("RUN", …) or "". */
  instruction: string;
  empty: boolean;
  /** ms since the epoch; 0 when unknown. */
  created: number;
  comment: string;
  /** Part of the FROM image (see ImageLayers.base). */
  fromBase: boolean;
}

export interface BaseImage {
  /** The local image the bottom layers come from. */
  id: string;
  /** Its first tag, else its short id. */
  name: string;
  /** layers[0 .. historyCount-1] belong to it. */
  historyCount: number;
  sizeBytes: number;
}

export interface ImageLayers {
  ref: string;
  id: string;
  tags: string[];
  sizeBytes: number;
  created: number;
  os: string;
  architecture: string;
  /** Build order, index 0 = bottom; includes empty entries. */
  layers: LayerInfo[];
  /** Set when a local image's history and layers are a prefix of this one's. */
  base?: BaseImage;
}

function isDanglingTags(tags: string[] | null | undefined): boolean {
  return !tags || tags.length === 0 || tags.every((tag) => tag === '<none>:<none>');
}

/** The daemon's JSON, checked for the shape we read, so a broken answer is named instead of crashing later. */
function expectShape<T>(value: unknown, request: string, ok: (value: unknown) => boolean): T {
  if (!ok(value)) throw new DockerError('bad-answer', `Its answer to ${request} is not what the Engine API returns (${Array.isArray(value) ? 'a list' : typeof value}).`, { request });
  return value as T;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export async function listImages(docker: Docker, signal?: AbortSignal): Promise<ImageSummary[]> {
  const images = expectShape<Docker.ImageInfo[]>(await requestJson(docker, 'GET', '/images/json', signal, { 200: true, 500: 'server error' }), 'GET /images/json',
    (value) => Array.isArray(value) && value.every((image) => isRecord(image) && typeof image.Id === 'string'));
  return images.map((image) => {
    const dangling = isDanglingTags(image.RepoTags);
    const tags = dangling ? [] : (image.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>');
    return {
      id: image.Id,
      shortId: shortId(image.Id),
      tags,
      name: tags[0] ?? `<none> ${shortId(image.Id)}`,
      sizeBytes: image.Size,
      created: image.Created * 1000,
      dangling,
    };
  });
}

interface HistoryEntry { Id: string; Created: number; CreatedBy: string; Tags: string[] | null; Size: number; Comment: string }
interface Facts { id: string; tags: string[]; sizeBytes: number; diffIds: string[]; history?: HistoryEntry[] }

// Image ids are content hashes, so what we learn about an id never changes; bounded per client.
const factsCache = new WeakMap<Docker, Map<string, Facts>>();
const CACHE_LIMIT = 2000;

function cacheFor(docker: Docker): Map<string, Facts> {
  let cache = factsCache.get(docker);
  if (!cache) factsCache.set(docker, (cache = new Map()));
  return cache;
}

async function inspectFacts(docker: Docker, ref: string, signal?: AbortSignal): Promise<Facts & { created: number; os: string; architecture: string }> {
  const path = imagePath(ref, 'json');
  const info = expectShape<Docker.ImageInspectInfo>(await requestJson(docker, 'GET', path, signal), `GET ${path}`, (value) => isRecord(value) && typeof value.Id === 'string');
  const facts: Facts = { id: info.Id, tags: info.RepoTags ?? [], sizeBytes: info.Size, diffIds: info.RootFS?.Layers ?? [] };
  remember(docker, facts);
  return { ...facts, created: Date.parse(info.Created) || 0, os: info.Os, architecture: info.Architecture };
}

function remember(docker: Docker, facts: Facts): void {
  const cache = cacheFor(docker);
  const known = cache.get(facts.id);
  if (known?.history && !facts.history) facts.history = known.history;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(facts.id, facts);
}

async function historyOf(docker: Docker, id: string, signal?: AbortSignal): Promise<HistoryEntry[]> {
  const known = cacheFor(docker).get(id);
  if (known?.history) return known.history;
  const path = imagePath(id, 'history');
  const answer = expectShape<Array<Partial<HistoryEntry>>>(await requestJson(docker, 'GET', path, signal), `GET ${path}`, (value) => Array.isArray(value) && value.every(isRecord));
  // Missing fields read as empty, so one odd entry cannot break the whole view.
  const history = answer.map((entry): HistoryEntry => ({
    Id: typeof entry.Id === 'string' ? entry.Id : '<missing>',
    Created: typeof entry.Created === 'number' ? entry.Created : 0,
    CreatedBy: typeof entry.CreatedBy === 'string' ? entry.CreatedBy : '',
    Tags: Array.isArray(entry.Tags) ? entry.Tags.filter((tag): tag is string => typeof tag === 'string') : null,
    Size: typeof entry.Size === 'number' ? entry.Size : 0,
    Comment: typeof entry.Comment === 'string' ? entry.Comment : '',
  })).reverse();
  if (known) known.history = history;
  return history;
}

/** Layers of one image in build order, from history + inspect (+ the FROM image when local). */
export async function getImageLayers(docker: Docker, ref: string, options: { findBase?: boolean; signal?: AbortSignal } = {}): Promise<ImageLayers> {
  const { signal } = options;
  const facts = await inspectFacts(docker, ref, signal);
  const history = await historyOf(docker, facts.id, signal);
  const { layerIndex, unexplained } = pairHistoryWithLayers(history, facts.diffIds.length);
  const total = facts.sizeBytes;
  const layers: LayerInfo[] = [];
  // Layers no history entry explains (imported or squashed images) go at the bottom.
  for (let i = 0; i < unexplained; i++) {
    layers.push(makeLayer(layers.length, facts.diffIds[i], 0, '(layer without history)', 0, '', total));
  }
  history.forEach((entry, i) => {
    const digest = layerIndex[i] >= 0 ? facts.diffIds[layerIndex[i]] : null;
    layers.push(makeLayer(layers.length, digest, digest ? entry.Size : 0, entry.CreatedBy, entry.Created * 1000, entry.Comment, total));
  });
  const image: ImageLayers = { ref, id: facts.id, tags: facts.tags, sizeBytes: total, created: facts.created, os: facts.os, architecture: facts.architecture, layers };
  if (options.findBase !== false) {
    image.base = baseFromHistoryIds(history, layers, unexplained) ?? await findBaseImage(docker, facts, history, unexplained, signal);
    if (image.base) for (const layer of layers.slice(0, image.base.historyCount)) layer.fromBase = true;
  }
  return image;
}

function makeLayer(index: number, digest: string | null, size: number, raw: string, created: number, comment: string, total: number): LayerInfo {
  const createdBy = raw === '(layer without history)' ? raw : describeCreatedBy(raw, comment);
  return {
    index, digest, sizeBytes: size, share: total > 0 ? size / total : 0,
    createdBy, rawCreatedBy: raw, instruction: instructionOf(createdBy),
    empty: digest === null, created, comment, fromBase: false,
  };
}

/**
 * The classic builder records a parent chain, so history names the local images it passes
 * through: the highest tagged entry below the top is the FROM image, at no extra request.
 * (BuildKit images have no parent chain: every entry below the top is "<missing>".)
 */
function baseFromHistoryIds(history: HistoryEntry[], layers: LayerInfo[], offset: number): BaseImage | undefined {
  for (let i = history.length - 2; i >= 0; i--) {
    const tags = (history[i].Tags ?? []).filter((tag) => tag !== '<none>:<none>');
    if (!tags.length || !history[i].Id || history[i].Id === '<missing>') continue;
    const historyCount = i + 1 + offset;
    return { id: history[i].Id, name: tags[0], historyCount, sizeBytes: layers.slice(0, historyCount).reduce((sum, layer) => sum + layer.sizeBytes, 0) };
  }
  return undefined;
}

/**
 * The local image this one was built FROM: the one with the longest history that is a proper
 * prefix of ours (same created_by and timestamps) and whose layers are a prefix of ours.
 */
async function findBaseImage(docker: Docker, self: Facts, history: HistoryEntry[], offset: number, signal?: AbortSignal): Promise<BaseImage | undefined> {
  const cache = cacheFor(docker);
  const summaries = (await listImages(docker, signal)).map((image) => ({ Id: image.id, Size: image.sizeBytes }));
  // A base's layers are a subset of ours, so it cannot be bigger: skip inspecting bigger images.
  const unknown = summaries.filter((summary) => summary.Id !== self.id && summary.Size <= self.sizeBytes && !cache.has(summary.Id));
  await Promise.all(unknown.map((summary) => inspectFacts(docker, summary.Id, signal).catch(() => undefined)));
  if (signal?.aborted) throw signal.reason;
  const candidates = summaries
    .map((summary) => cache.get(summary.Id))
    .filter((facts): facts is Facts => !!facts && facts.id !== self.id && facts.diffIds.length <= self.diffIds.length
      && facts.diffIds.every((diffId, i) => diffId === self.diffIds[i]));
  let best: { facts: Facts; length: number } | undefined;
  for (const candidate of candidates) {
    const theirs = await historyOf(docker, candidate.id, signal).catch(() => undefined);
    if (signal?.aborted) throw signal.reason;
    if (!theirs || theirs.length >= history.length || theirs.length <= (best?.length ?? 0)) continue;
    const prefix = theirs.every((entry, i) => entry.CreatedBy === history[i].CreatedBy && entry.Created === history[i].Created);
    if (prefix) best = { facts: candidate, length: theirs.length };
  }
  if (!best) return undefined;
  const tags = best.facts.tags.filter((tag) => tag !== '<none>:<none>');
  return { id: best.facts.id, name: tags[0] ?? shortId(best.facts.id), historyCount: best.length + offset, sizeBytes: best.facts.sizeBytes };
}
