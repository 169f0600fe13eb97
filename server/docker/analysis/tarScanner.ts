// A push-based tar header scanner for layer tars. A layer can hold 100,000+ entries whose
// contents we never need, so instead of a stream per entry (tar-stream) this keeps only a
// 512-byte header buffer and skips data by counting bytes. Understands ustar/GNU headers,
// pax extended headers (path, linkpath, size) and GNU long names.
import { DockerError } from '../errors';

export type EntryKind = 'file' | 'hardlink' | 'symlink' | 'directory' | 'other';

export interface TarEntry {
  /** As stored, e.g. "usr/bin/env" or "./etc/" . */
  name: string;
  kind: EntryKind;
  size: number;
  linkName: string;
}

const BLOCK = 512;
/** Extended headers are small; anything bigger is not a tar we should trust. */
const MAX_EXTENDED_HEADER = 1 << 20;

export class TarScanner {
  private header = Buffer.alloc(BLOCK);
  private headerFill = 0;
  /** Bytes of entry data (plus padding) still to skip. */
  private skip = 0;
  /** Collected data of a pax/GNU long-name entry that applies to the next header. */
  private extended?: { type: string; data: Buffer; fill: number; padding: number };
  private pending: { path?: string; linkpath?: string; size?: number } = {};
  private zeroBlocks = 0;
  private finished = false;

  constructor(private readonly onEntry: (entry: TarEntry) => void) {}

  /** True once the end-of-archive marker was read; later bytes are padding. */
  get done(): boolean {
    return this.finished;
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length && !this.finished) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - offset);
        this.skip -= n;
        offset += n;
        continue;
      }
      if (this.extended) {
        offset = this.collectExtended(chunk, offset);
        continue;
      }
      const n = Math.min(BLOCK - this.headerFill, chunk.length - offset);
      chunk.copy(this.header, this.headerFill, offset, offset + n);
      this.headerFill += n;
      offset += n;
      if (this.headerFill === BLOCK) {
        this.headerFill = 0;
        this.parseHeader();
      }
    }
  }

  /** Call at the end of the stream; throws when the tar stopped in the middle of an entry. */
  end(): void {
    const midEntry = this.skip > 0 || this.headerFill > 0 || this.extended !== undefined;
    // Tars written by `docker save` always end with zero blocks, but some writers omit them.
    if (midEntry && !this.finished) throw new DockerError('bad-archive', 'Unexpected end of data inside a layer tar.');
  }

  private collectExtended(chunk: Buffer, offset: number): number {
    const ext = this.extended!;
    const n = Math.min(ext.data.length - ext.fill, chunk.length - offset);
    chunk.copy(ext.data, ext.fill, offset, offset + n);
    ext.fill += n;
    if (ext.fill === ext.data.length) {
      this.applyExtended(ext.type, ext.data);
      this.extended = undefined;
      this.skip = ext.padding;
    }
    return offset + n;
  }

  private parseHeader(): void {
    const h = this.header;
    if (isZeroBlock(h)) {
      if (++this.zeroBlocks >= 2) this.finished = true;
      return;
    }
    this.zeroBlocks = 0;
    if (!checksumMatches(h)) {
      throw new DockerError('bad-archive', 'Invalid tar header in a layer (checksum mismatch): the layer is corrupt or not a tar.');
    }
    const type = String.fromCharCode(h[156] || 48);
    const rawSize = readNumber(h, 124, 12);
    if (type === 'x' || type === 'L' || type === 'K' || type === 'g') {
      if (rawSize > MAX_EXTENDED_HEADER) throw new DockerError('bad-archive', 'Oversized extended tar header in a layer.');
      this.extended = { type, data: Buffer.alloc(rawSize), fill: 0, padding: Math.ceil(rawSize / BLOCK) * BLOCK - rawSize };
      if (rawSize === 0) this.collectExtended(Buffer.alloc(0), 0);
      return;
    }
    const size = this.pending.size ?? rawSize;
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    const prefix = isUstar(h) ? readString(h, 345, 155) : '';
    const base = readString(h, 0, 100);
    const name = this.pending.path ?? (prefix ? `${prefix}/${base}` : base);
    const linkName = this.pending.linkpath ?? readString(h, 157, 100);
    this.pending = {};
    const kind: EntryKind = type === '0' || type === '7' ? 'file' : type === '1' ? 'hardlink' : type === '2' ? 'symlink' : type === '5' ? 'directory' : 'other';
    // Hard links, symlinks and directories carry no data even if a size is present.
    this.skip = kind === 'file' || kind === 'other' ? padded : 0;
    this.onEntry({ name, kind, size: kind === 'file' ? size : 0, linkName });
  }

  private applyExtended(type: string, data: Buffer): void {
    if (type === 'L') this.pending.path = trimNul(data.toString('utf8'));
    else if (type === 'K') this.pending.linkpath = trimNul(data.toString('utf8'));
    else if (type === 'x') Object.assign(this.pending, parsePax(data));
    // 'g' (global pax) applies to nothing we read.
  }
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
    else if (key === 'size') result.size = Number(value);
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
