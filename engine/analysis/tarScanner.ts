// A push-based tar parser for image archives and the layer tars nested inside them. It keeps
// only a 512-byte header buffer: entry data is either skipped by counting bytes (layer tars,
// where we need only the headers of 100,000+ entries) or handed on as slices of the incoming
// chunks, without copies, to a sink (the outer archive's layer blobs and JSON files). A sink
// may return a promise to apply backpressure (gunzip); everything else stays synchronous.
// Understands ustar/GNU headers, pax extended headers (path, linkpath, size), GNU long names.
import { DockerError } from '../docker/errors';

export type EntryKind = 'file' | 'hardlink' | 'symlink' | 'directory' | 'other';

export interface TarEntry {
  /** As stored, e.g. "usr/bin/env" or "./etc/" . */
  name: string;
  kind: EntryKind;
  /** Bytes of data (0 for links and directories). */
  size: number;
  linkName: string;
}

/** Receives one entry's data. A returned promise pauses parsing until it settles. */
export interface EntrySink {
  write(chunk: Buffer): Promise<void> | void;
  end(): Promise<void> | void;
}

const BLOCK = 512;
/** Extended headers are small; anything bigger is not a tar we should trust. */
const MAX_EXTENDED_HEADER = 1 << 20;

export class TarScanner {
  private header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  /** Entry data still to come, and the padding after it. */
  private remaining = 0;
  private padding = 0;
  private sink?: EntrySink;
  /** Collected data of a pax/GNU long-name entry that applies to the next header. */
  private extended?: { type: string; data: Buffer; fill: number };
  private pending: { path?: string; linkpath?: string; size?: number } = {};
  private zeroBlocks = 0;
  private finished = false;

  /** `onEntry` may return a sink for the entry's data; otherwise the data is skipped. */
  constructor(private readonly onEntry: (entry: TarEntry) => EntrySink | undefined | void) {}

  /** True once the end-of-archive marker was read; later bytes are padding. */
  get done(): boolean {
    return this.finished;
  }

  /** Parses a chunk; returns a promise only when a sink asked to wait (then push the next chunk after it). */
  push(chunk: Buffer): Promise<void> | undefined {
    let offset = 0;
    while (offset < chunk.length && !this.finished) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - offset);
        const slice = chunk.subarray(offset, offset + n);
        offset += n;
        this.remaining -= n;
        if (this.extended) {
          slice.copy(this.extended.data, this.extended.fill);
          this.extended.fill += n;
        }
        const wait = this.sink?.write(slice);
        const ended = this.remaining === 0 ? this.endEntry() : undefined;
        if (wait || ended) return this.resume(wait, ended, chunk.subarray(offset));
        continue;
      }
      if (this.padding > 0) {
        const n = Math.min(this.padding, chunk.length - offset);
        this.padding -= n;
        offset += n;
        continue;
      }
      const n = Math.min(BLOCK - this.headerFill, chunk.length - offset);
      chunk.copy(this.header, this.headerFill, offset, offset + n);
      this.headerFill += n;
      offset += n;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        const ended = this.parseHeader();
        if (ended) return this.resume(undefined, ended, chunk.subarray(offset));
      }
    }
    return undefined;
  }

  /** Call at the end of the stream; throws when the tar stopped in the middle of an entry. */
  end(): void {
    const midEntry = this.remaining > 0 || this.padding > 0 || this.headerFill > 0 || this.extended !== undefined;
    // Some writers omit the two zero blocks at the end; a clean entry boundary is enough.
    if (midEntry && !this.finished) throw new DockerError('bad-archive', 'Unexpected end of data in a tar archive.');
  }

  private async resume(wait: Promise<void> | void, ended: Promise<void> | void, rest: Buffer): Promise<void> {
    // Both at once, so a failure of either is observed (never an unhandled rejection).
    await Promise.all([wait, ended]);
    if (rest.length) await this.push(rest);
  }

  private endEntry(): Promise<void> | void {
    if (this.extended) {
      const { type, data } = this.extended;
      this.extended = undefined;
      this.applyExtended(type, data);
      return undefined;
    }
    const sink = this.sink;
    this.sink = undefined;
    return sink?.end();
  }

  /** Returns the promise of an empty entry's sink end, if any. */
  private parseHeader(): Promise<void> | void {
    const h = this.header;
    if (isZeroBlock(h)) {
      if (++this.zeroBlocks >= 2) this.finished = true;
      return undefined;
    }
    this.zeroBlocks = 0;
    if (!checksumMatches(h)) {
      throw new DockerError('bad-archive', 'Invalid tar header (checksum mismatch): the data is corrupt or not a tar.');
    }
    const type = String.fromCharCode(h[156] || 48);
    const rawSize = readNumber(h, 124, 12);
    if (type === 'x' || type === 'L' || type === 'K' || type === 'g') {
      if (rawSize > MAX_EXTENDED_HEADER) throw new DockerError('bad-archive', 'Oversized extended tar header.');
      this.extended = { type, data: Buffer.alloc(rawSize), fill: 0 };
      this.remaining = rawSize;
      this.padding = pad(rawSize);
      return rawSize === 0 ? this.endEntry() : undefined;
    }
    const prefix = isUstar(h) ? readString(h, 345, 155) : '';
    const base = readString(h, 0, 100);
    const name = this.pending.path ?? (prefix ? `${prefix}/${base}` : base);
    const linkName = this.pending.linkpath ?? readString(h, 157, 100);
    const size = this.pending.size ?? rawSize;
    this.pending = {};
    const kind: EntryKind = type === '0' || type === '7' ? 'file' : type === '1' ? 'hardlink' : type === '2' ? 'symlink' : type === '5' ? 'directory' : 'other';
    // Hard links, symlinks and directories carry no data even if a size is present.
    const dataSize = kind === 'file' || kind === 'other' ? size : 0;
    this.sink = this.onEntry({ name, kind, size: kind === 'file' ? size : 0, linkName }) ?? undefined;
    this.remaining = dataSize;
    this.padding = pad(dataSize);
    return dataSize === 0 ? this.endEntry() : undefined;
  }

  private applyExtended(type: string, data: Buffer): void {
    if (type === 'L') this.pending.path = trimNul(data.toString('utf8'));
    else if (type === 'K') this.pending.linkpath = trimNul(data.toString('utf8'));
    else if (type === 'x') Object.assign(this.pending, parsePax(data));
    // 'g' (global pax) applies to nothing we read.
  }
}

function pad(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

function parsePax(data: Buffer): { path?: string; linkpath?: string; size?: number } {
  const result: { path?: string; linkpath?: string; size?: number } = {};
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space < 0) break;
    const length = Number(data.toString('ascii', offset, space));
    if (!Number.isInteger(length) || length <= 0 || offset + length > data.length) break;
    const record = data.toString('utf8', space + 1, offset + length - 1);
    const eq = record.indexOf('=');
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === 'path') result.path = value;
    else if (key === 'linkpath') result.linkpath = value;
    else if (key === 'size' && /^\d+$/.test(value)) result.size = Number(value);
    offset += length;
  }
  return result;
}

function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

function checksumMatches(h: Buffer): boolean {
  const stored = readNumber(h, 148, 8);
  // Old writers summed signed bytes; accept either.
  let unsigned = 8 * 0x20;
  let signed = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) {
    if (i >= 148 && i < 156) continue;
    unsigned += h[i];
    signed += h[i] > 127 ? h[i] - 256 : h[i];
  }
  return stored === unsigned || stored === signed;
}

function isUstar(h: Buffer): boolean {
  return h.toString('latin1', 257, 262) === 'ustar';
}

function readString(h: Buffer, offset: number, length: number): string {
  const end = h.indexOf(0, offset);
  return h.toString('utf8', offset, end < 0 || end > offset + length ? offset + length : end);
}

function trimNul(text: string): string {
  const nul = text.indexOf('\0');
  return nul < 0 ? text : text.slice(0, nul);
}

/** Octal, or GNU base-256 (high bit set) for sizes ≥ 8 GiB. */
function readNumber(h: Buffer, offset: number, length: number): number {
  if (h[offset] & 0x80) {
    let value = 0;
    for (let i = offset + 1; i < offset + length; i++) value = value * 256 + h[i];
    return value;
  }
  const text = h.toString('latin1', offset, offset + length).replace(/[\0 ]+$/g, '').trim();
  return text ? parseInt(text, 8) : 0;
}
