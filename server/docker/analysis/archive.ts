// Walks an image export (`docker save` / `GET /images/{name}/get`, or an OCI archive) once, as a
// stream. Layer blobs are nested tars: each is scanned while it streams past and keyed by its
// path in the archive, because manifest.json / index.json usually come *after* the layers; the
// order is resolved at the end (resolve.ts). Only small JSON files are ever held in memory.
import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';

type ArchiveEntry = AsyncIterable<Buffer> & { header: tar.Header };
import { DockerError } from '../errors';
import { LayerReader, type LayerScan, sniffCompression } from './layerScan';

export interface ArchiveContents {
  /** Parsed JSON documents by archive path (manifest.json, index.json, configs, OCI manifests). */
  json: Map<string, unknown>;
  /** Scanned layers by archive path ("<id>/layer.tar", "blobs/sha256/<hex>"). */
  layers: Map<string, LayerScan>;
  /** Archive symlinks (legacy exports link duplicate layers): path → target path. */
  links: Map<string, string>;
  /** Total bytes read from the source. */
  bytesRead: number;
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** Called with the running byte count, at most every `progressIntervalMs` and once at the end. */
  onBytes?: (bytesRead: number) => void;
  progressIntervalMs?: number;
}

/** JSON documents in image archives are small; a bigger "JSON" blob is treated as data. */
const MAX_JSON_BYTES = 8 << 20;
const SNIFF_BYTES = 512;

export async function readImageArchive(source: Readable, options: ReadOptions = {}): Promise<ArchiveContents> {
  const contents: ArchiveContents = { json: new Map(), layers: new Map(), links: new Map(), bytesRead: 0 };
  const { signal, onBytes, progressIntervalMs = 100 } = options;
  if (signal?.aborted) {
    source.destroy();
    throw abortError();
  }
  const extract = tar.extract();
  let sourceError: unknown;
  let lastReport = 0;
  source.on('data', (chunk: Buffer) => {
    contents.bytesRead += chunk.length;
    const now = Date.now();
    if (onBytes && now - lastReport >= progressIntervalMs) {
      lastReport = now;
      onBytes(contents.bytesRead);
    }
  });
  source.on('error', (error) => {
    sourceError ??= error;
    extract.destroy(error);
  });
  // An HTTP response whose connection closes early emits 'aborted'/'close' without 'end'.
  source.on('close', () => {
    if (!source.readableEnded && !sourceError && !signal?.aborted) {
      sourceError = new DockerError('stream-interrupted', 'The image export stream closed before the archive was complete.');
      extract.destroy(sourceError as Error);
    }
  });
  const onAbort = () => {
    source.destroy();
    extract.destroy(abortError());
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  source.pipe(extract as unknown as NodeJS.WritableStream);

  try {
    for await (const entry of extract) {
      await readEntry(entry as unknown as ArchiveEntry, contents);
    }
  } catch (error) {
    source.destroy();
    if (signal?.aborted) throw abortError();
    if (sourceError) throw sourceError instanceof DockerError ? sourceError : new DockerError('stream-interrupted', `The image export stream failed: ${describe(sourceError)}`, { cause: sourceError });
    if (error instanceof DockerError) throw error;
    throw new DockerError('bad-archive', `Not a readable image archive: ${describe(error)}`, { cause: error });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw abortError();
  onBytes?.(contents.bytesRead);
  return contents;
}

async function readEntry(entry: ArchiveEntry, contents: ArchiveContents): Promise<void> {
  const name = entry.header.name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  const type = entry.header.type;
  if (type === 'symlink' || type === 'link') {
    const target = entry.header.linkname ?? '';
    contents.links.set(name, type === 'symlink' ? joinRelative(name, target) : target.replace(/^(\.\/)+/, ''));
    return drain(entry);
  }
  if (type !== 'file' && type !== 'contiguous-file') return drain(entry);
  const size = entry.header.size ?? 0;
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (base === 'layer.tar') return scanLayer(entry, name, contents);
  const isBlob = name.startsWith('blobs/');
  const looksJson = name.endsWith('.json') || base === 'json' || base === 'repositories';
  if (!isBlob && !looksJson) return drain(entry);

  // Blobs are layers or JSON (manifests, configs); the first bytes tell which.
  const iterator = entry[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let finished = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      finished = true;
      break;
    }
    head.push(next.value);
    headBytes += next.value.length;
  }
  const first = Buffer.concat(head);
  const firstByte = first.subarray(0, 64).toString('utf8').trimStart()[0];
  if ((looksJson || firstByte === '{' || firstByte === '[') && size <= MAX_JSON_BYTES) {
    const chunks: Buffer[] = [first];
    if (!finished) for await (const chunk of { [Symbol.asyncIterator]: () => iterator }) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      contents.json.set(name, JSON.parse(text));
    } catch {
      if (looksJson && !isBlob) throw new DockerError('bad-archive', `${name} in the image archive is not valid JSON.`);
    }
    return;
  }
  const reader = new LayerReader(sniffCompression(first));
  if (first.length) await reader.write(first);
  if (!finished) for await (const chunk of { [Symbol.asyncIterator]: () => iterator }) await reader.write(chunk as Buffer);
  contents.layers.set(name, await reader.end().catch((error) => { throw annotate(error, name); }));
}

async function scanLayer(entry: ArchiveEntry, name: string, contents: ArchiveContents): Promise<void> {
  const iterator = entry[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) {
    contents.layers.set(name, await new LayerReader('none').end());
    return;
  }
  const reader = new LayerReader(sniffCompression(first.value));
  try {
    await reader.write(first.value);
    for await (const chunk of { [Symbol.asyncIterator]: () => iterator }) await reader.write(chunk as Buffer);
    contents.layers.set(name, await reader.end());
  } catch (error) {
    throw annotate(error, name);
  }
}

function annotate(error: unknown, name: string): unknown {
  if (error instanceof DockerError && error.kind === 'bad-archive') {
    return new DockerError('bad-archive', `${error.message} (${name})`, { cause: error });
  }
  return error;
}

async function drain(entry: ArchiveEntry): Promise<void> {
  for await (const _ of entry) { /* skip contents */ }
}

/** Resolves a symlink target relative to the link's directory, inside the archive. */
function joinRelative(from: string, target: string): string {
  const parts = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return parts.join('/');
}

export function abortError(): DockerError {
  return new DockerError('cancelled', 'The image analysis was cancelled.');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
