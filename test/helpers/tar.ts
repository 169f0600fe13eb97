// Tar archives written in memory for analysis tests (layers, image exports), and a way to feed
// them in small uneven chunks as a socket would.
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';

export type TarFixtureEntry = { name: string; content?: string | Buffer; type?: 'file' | 'directory' | 'symlink' | 'link'; linkname?: string };

export function tarOf(entries: TarFixtureEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const entry of entries) {
    if (entry.type && entry.type !== 'file') pack.entry({ name: entry.name, type: entry.type, linkname: entry.linkname });
    else pack.entry({ name: entry.name }, entry.content ?? '');
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  return new Promise((done, fail) => {
    pack.on('data', (chunk) => { chunks.push(chunk as Buffer); });
    pack.on('end', () => done(Buffer.concat(chunks)));
    pack.on('error', fail);
  });
}

/** Feeds a buffer in small uneven chunks, as a socket would. */
export function chunked(data: Buffer, size = 777): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts);
}

/** A ustar header for a regular file (what `tar` writes), for archives streamed without being held. */
export function tarHeader(name: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => header.write(value, offset, length, 'latin1');
  const octal = (offset: number, length: number, value: number) => field(offset, length, `${value.toString(8).padStart(length - 1, '0')}\0`);
  field(0, 100, name);
  octal(100, 8, 0o644);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, size);
  octal(136, 12, 0);
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 8, 'ustar\x0000');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}

export interface StreamedMember { name: string; size: number; chunks: () => Iterable<Buffer> }

/**
 * A tar archive produced as it is read (pull-based), so a test can feed gigabytes through the
 * analysis without holding them: each member's chunks must add up to its size.
 */
export function streamedTar(members: Iterable<StreamedMember>): Readable {
  return Readable.from((function* () {
    for (const member of members) {
      yield tarHeader(member.name, member.size);
      for (const chunk of member.chunks()) yield chunk;
      const padding = (512 - (member.size % 512)) % 512;
      if (padding) yield Buffer.alloc(padding);
    }
    yield Buffer.alloc(1024);
  })(), { objectMode: false });
}

/** A member whose content is `buffer`. */
export function memberOf(name: string, content: string | Buffer): StreamedMember {
  const buffer = Buffer.from(content);
  return { name, size: buffer.length, chunks: () => [buffer] };
}
