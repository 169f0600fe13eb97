// Walks an image export (`docker save` / `GET /images/{name}/get`, or an OCI archive) once, as a
// stream. Layer blobs are nested tars: each is scanned while it streams past and keyed by its
// path in the archive, because manifest.json / index.json usually come *after* the layers; the
// order is resolved at the end (resolve.ts). Only small JSON files are ever held in memory.
import type { Readable } from 'node:stream';
import { DockerError } from '../docker/errors';
import { JSON_LIMITS, oversizedDocument, parseBoundedJson } from './boundedJson';
import { LayerReader, type LayerScan, sniffCompression } from './layerScan';
import { type EntrySink, type TarEntry, TarScanner } from './tarScanner';

export interface ArchiveContents {
  /** Parsed JSON documents by archive path (manifest.json, index.json, configs, OCI manifests). */
  json: Map<string, unknown>;
  /** Scanned layers by archive path ("<id>/layer.tar", "blobs/sha256/<hex>"). */
  layers: Map<string, LayerScan>;
  /** Archive links (legacy exports link duplicate layers): path → target path. */
  links: Map<string, string>;
  /** Blobs that looked like JSON but were too big to hold, by path: why each was skipped. */
  skipped: Map<string, string>;
  /** Bytes of the JSON documents held. */
  jsonBytes: number;
  /** Total bytes read from the source. */
  bytesRead: number;
}

export interface ReadOptions {
  signal?: AbortSignal;
  /** Called with the running byte count, at most every `progressIntervalMs` and once at the end. */
  onBytes?: (bytesRead: number) => void;
  progressIntervalMs?: number;
}

/** Enough for a tar header's magic (`ustar` at byte 257) and the compression magics. */
const SNIFF_BYTES = 263;

export function readImageArchive(source: Readable, options: ReadOptions = {}): Promise<ArchiveContents> {
  const contents: ArchiveContents = { json: new Map(), layers: new Map(), links: new Map(), skipped: new Map(), jsonBytes: 0, bytesRead: 0 };
  const { signal, onBytes, progressIntervalMs = 100 } = options;
  const parser = new TarScanner((entry) => sinkFor(entry, contents));
  return new Promise<ArchiveContents>((resolve, reject) => {
    let settled = false;
    let lastReport = 0;
    /** The rest of a chunk still being parsed behind a slow gzip layer. */
    let pending: Promise<void> | undefined;
    const finish = (error?: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (error === undefined) {
        onBytes?.(contents.bytesRead);
        resolve(contents);
        return;
      }
      source.destroy();
      reject(error);
    };
    const onAbort = () => finish(abortError());
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });

    const parseFailure = (error: unknown) => finish(error instanceof DockerError ? error : new DockerError('bad-archive', `Not a readable image archive: ${describe(error)}`, { cause: error }));
    source.on('data', (chunk: Buffer) => {
      if (settled) return;
      contents.bytesRead += chunk.length;
      const now = Date.now();
      if (onBytes && now - lastReport >= progressIntervalMs) {
        lastReport = now;
        onBytes(contents.bytesRead);
      }
      let wait: Promise<void> | undefined;
      try {
        wait = parser.push(chunk);
      } catch (error) {
        return parseFailure(error);
      }
      if (wait) {
        // A gzip layer is behind: hold the source until it catches up.
        source.pause();
        pending = wait.then(() => {
          pending = undefined;
          if (!settled) source.resume();
        }, parseFailure);
      }
    });
    source.on('end', async () => {
      await pending;
      if (settled) return;
      try {
        parser.end();
      } catch (error) {
        return parseFailure(error);
      }
      if (contents.bytesRead === 0) return finish(new DockerError('bad-archive', 'The image archive is empty.'));
      finish();
    });
    source.on('error', (error) => {
      finish(error instanceof DockerError ? error : new DockerError('stream-interrupted', `The image export stream failed: ${describe(error)}`, { cause: error }));
    });
    // An HTTP response whose connection drops emits 'close' (maybe 'aborted') without 'end'.
    source.on('close', () => {
      if (!source.readableEnded) finish(new DockerError('stream-interrupted', 'The image export stream closed before the archive was complete.'));
    });
  });
}

function sinkFor(entry: TarEntry, contents: ArchiveContents): EntrySink | undefined {
  const name = entry.name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (entry.kind === 'symlink' || entry.kind === 'hardlink') {
    contents.links.set(name, entry.kind === 'symlink' ? joinRelative(name, entry.linkName) : entry.linkName.replace(/^(\.\/)+/, ''));
    return undefined;
  }
  if (entry.kind !== 'file') return undefined;
  const base = name.slice(name.lastIndexOf('/') + 1);
  const isLayerTar = base === 'layer.tar';
  const isBlob = name.startsWith('blobs/');
  const looksJson = !isLayerTar && (name.endsWith('.json') || base === 'json' || base === 'repositories');
  if (!isLayerTar && !isBlob && !looksJson) return undefined;
  return new BlobSink(name, entry.size, looksJson, isBlob, contents);
}

/**
 * Decides from the first bytes whether a blob is JSON or a layer, then collects (within
 * boundedJson's limits) or scans it; an unnamed blob too big to be a JSON document is skipped.
 */
class BlobSink implements EntrySink {
  private head: Buffer[] = [];
  private headBytes = 0;
  private json?: Buffer[];
  private layer?: LayerReader;
  private skip = false;

  constructor(private readonly name: string, private readonly size: number, private readonly looksJson: boolean, private readonly isBlob: boolean, private readonly contents: ArchiveContents) {}

  write(chunk: Buffer): Promise<void> | void {
    if (this.skip) return undefined;
    if (this.layer) {
      try {
        return this.layer.write(chunk)?.catch((error) => { throw annotate(error, this.name); });
      } catch (error) {
        throw annotate(error, this.name);
      }
    }
    if (this.json) {
      this.json.push(chunk);
      return undefined;
    }
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes >= SNIFF_BYTES) return this.decide();
    return undefined;
  }

  async end(): Promise<void> {
    if (!this.layer && !this.json && !this.skip) await this.decide();
    if (this.skip) return;
    if (this.json) {
      const bytes = Buffer.concat(this.json);
      this.json = [];
      try {
        this.contents.json.set(this.name, parseBoundedJson(bytes, this.name));
      } catch (error) {
        if (error instanceof DockerError) throw error;
        // A blob that only starts like JSON is not one: nothing refers to it as a document.
        if (this.looksJson && !this.isBlob) throw new DockerError('bad-archive', `${this.name} in the image archive is not valid JSON.`);
      }
      return;
    }
    try {
      this.contents.layers.set(this.name, await this.layer!.end());
    } catch (error) {
      throw annotate(error, this.name);
    }
  }

  private decide(): Promise<void> | void {
    const first = this.head.length === 1 ? this.head[0] : Buffer.concat(this.head);
    this.head = [];
    // A layer is a tar (its first header says `ustar` at byte 257), maybe compressed: decided by
    // that structure first, so a layer whose first file is named `{config}.json` is still a layer.
    const isLayer = sniffCompression(first) !== 'none' || (first.length >= 262 && first.toString('latin1', 257, 262) === 'ustar');
    // Only the start matters (a chunk may be megabytes).
    const firstChar = first.toString('latin1', 0, Math.min(first.length, SNIFF_BYTES)).trimStart()[0];
    if (!isLayer && (this.looksJson || firstChar === '{' || firstChar === '[')) {
      const oversized = oversizedDocument(this.name, this.size);
      if (oversized) {
        // A named document (manifest.json, a legacy config) is needed: say why it is refused.
        if (this.looksJson && !this.isBlob) throw new DockerError('bad-archive', oversized);
        this.skip = true;
        this.contents.skipped.set(this.name, oversized);
        return undefined;
      }
      this.contents.jsonBytes += this.size;
      if (this.contents.jsonBytes > JSON_LIMITS.totalBytes) {
        throw new DockerError('bad-archive', `The image archive's JSON documents pass ${JSON_LIMITS.totalBytes >> 20} MiB in all at ${this.name}, more than any image archive holds; Dockscope stops there.`);
      }
      this.json = [first];
      return undefined;
    }
    this.layer = new LayerReader(sniffCompression(first));
    return first.length ? this.write(first) : undefined;
  }
}

function annotate(error: unknown, name: string): unknown {
  if (error instanceof DockerError && error.kind === 'bad-archive') {
    return new DockerError('bad-archive', `${error.message} (${name})`, { cause: error });
  }
  return error;
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
