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
