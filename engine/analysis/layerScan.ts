// One layer's file list, read from its (possibly compressed) tar as it streams past. Only
// per-path metadata is kept: path → size and kind, plus the layer's whiteouts.
import { once } from 'node:events';
import { createGunzip, type Gunzip } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import { DockerError } from '../docker/errors';
import { type EntryKind, TarScanner } from './tarScanner';

export type Compression = 'gzip' | 'zstd' | 'none';

export interface LayerFile {
  size: number;
  kind: EntryKind;
  /** Hard-link or symlink target, normalized for hard links; "" otherwise. */
  link: string;
  /** Set by the replay: the path was visible in a lower layer. */
  modified: boolean;
}

export interface LayerScan {
  /** Normalized absolute paths ("/usr/bin/env"), directories included. */
  files: Map<string, LayerFile>;
  /** Paths this layer deletes from the layers below (`.wh.<name>`). */
  whiteouts: string[];
  /** Directories whose lower contents this layer hides (`.wh..wh..opq`). */
  opaqueDirs: string[];
  /** Σ sizes the way the daemon sizes a layer: files, symlinks (target length); hard links count once. */
  sizeBytes: number;
  /** Bytes of the blob as stored in the archive (compressed, when it is). */
  blobBytes: number;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

/** "./usr/bin/" → "/usr/bin"; "" and "./" → "/". */
function normalizePath(name: string): string {
  let path = name;
  while (path.startsWith('./')) path = path.slice(2);
  path = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return `/${path}`;
}

export function sniffCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  return 'none';
}

/** Accepts a layer's bytes chunk by chunk (with backpressure) and yields its LayerScan. */
export class LayerReader {
  private readonly scan: LayerScan = { files: new Map(), whiteouts: [], opaqueDirs: [], sizeBytes: 0, blobBytes: 0 };
  private readonly tar = new TarScanner((entry) => this.record(entry.name, entry.kind, entry.size, entry.linkName));
  private gunzip?: Gunzip;
  private gunzipDone?: Promise<void>;
  private zstd?: ZstdDecompress;
  private failure?: unknown;

  constructor(compression: Compression) {
    if (compression === 'gzip') {
      this.gunzip = createGunzip();
      this.gunzip.on('data', (chunk: Buffer) => this.feedTar(chunk));
      this.gunzipDone = new Promise((resolve, reject) => {
        this.gunzip!.on('end', resolve);
        this.gunzip!.on('error', (error) => reject(new DockerError('bad-archive', `A gzip layer is corrupt: ${error.message}`, { cause: error })));
      });
      this.gunzipDone.catch(() => undefined); // observed in end()
    } else if (compression === 'zstd') {
      this.zstd = new ZstdDecompress((chunk) => this.feedTar(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    }
  }

  /** Returns a promise only when the gunzip stream wants the caller to wait. */
  write(chunk: Buffer): Promise<void> | undefined {
    this.scan.blobBytes += chunk.length;
    if (this.failure) throw this.failure;
    if (this.gunzip) {
      if (!this.gunzip.write(chunk)) {
        return Promise.race([once(this.gunzip, 'drain').then(() => undefined), this.gunzipDone]).then(() => {
          if (this.failure) throw this.failure;
        });
      }
    } else if (this.zstd) {
      try {
        this.zstd.push(chunk);
      } catch (error) {
        throw new DockerError('bad-archive', `A zstd layer is corrupt: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    } else {
      this.feedTar(chunk);
    }
    if (this.failure) throw this.failure;
    return undefined;
  }

  async end(): Promise<LayerScan> {
    if (this.gunzip) {
      this.gunzip.end();
      await this.gunzipDone;
    } else if (this.zstd) {
      try {
        this.zstd.push(new Uint8Array(0), true);
      } catch (error) {
        throw new DockerError('bad-archive', `A zstd layer is truncated or corrupt: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    if (this.failure) throw this.failure;
    this.tar.end();
    return this.scan;
  }

  private feedTar(chunk: Buffer): void {
    if (this.failure || this.tar.done) return;
    try {
      this.tar.push(chunk);
    } catch (error) {
      this.failure = error;
      this.gunzip?.destroy();
    }
  }

  private record(name: string, kind: EntryKind, size: number, linkName: string): void {
    const path = normalizePath(name);
    const slash = path.lastIndexOf('/');
    const base = path.slice(slash + 1);
    const dir = slash === 0 ? '/' : path.slice(0, slash);
    if (base.startsWith(WHITEOUT)) {
      if (base === OPAQUE) this.scan.opaqueDirs.push(dir);
      // Other ".wh..wh." names are aufs bookkeeping (hard-link dirs), not deletions.
      else if (!base.startsWith(`${WHITEOUT}${WHITEOUT}`)) this.scan.whiteouts.push(`${dir === '/' ? '' : dir}/${base.slice(WHITEOUT.length)}`);
      return;
    }
    if (path === '/') return;
    const link = kind === 'hardlink' ? normalizePath(linkName) : kind === 'symlink' ? linkName : '';
    // The daemon sizes layers by lstat: a symlink weighs the length of its target.
    if (kind === 'symlink') size = Buffer.byteLength(linkName);
    this.scan.files.set(path, { size, kind, link, modified: false });
    this.scan.sizeBytes += size;
  }
}
