// Packs a build context folder into a tar stream the way the Docker CLI does: `.dockerignore`
// read and applied as the CLI does (common/dockerignore.ts), the
// Dockerfile and .dockerignore always sent, symlinks kept as links, modes kept, owner root.
// The tar is produced as the daemon reads it: a few small files are read ahead, large files are
// streamed, so a big context is never held in memory.
import { createReadStream, lstat, readFile, readdir, readlink, stat, type Stats } from 'node:fs';
import { promisify } from 'node:util';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { dockerignoreMatcher, readDockerignore } from '../../../common/dockerignore';

export interface PackedContext {
  /** The tar stream; read it (send it to the daemon) to make packing progress. */
  stream: Readable;
  /** The Dockerfile's path inside the context, for the `dockerfile` build option. */
  dockerfileInContext: string;
  /** Settles when the last entry is written (or the walk fails). */
  done: Promise<PackStats>;
  /** What was packed so far, for a build that ended before reading the whole context. */
  progress(): PackStats & { finished: boolean };
}

export interface PackStats {
  bytes: number;
  files: number;
  packMs: number;
}

interface ContextEntry {
  name: string;
  absolute: string;
  stats: Stats;
}

/** Files up to this size are read whole (and read ahead); bigger ones are streamed. */
const WHOLE_FILE_LIMIT = 1 << 20;
/** Bytes of small files read ahead of the tar writer. */
const READ_AHEAD_BYTES = 8 << 20;
const BATCH_BYTES = 64 << 10;

async function readIgnorePatterns(contextDir: string): Promise<string[]> {
  try {
    return readDockerignore(await fs.readFile(path.join(contextDir, '.dockerignore'), 'utf8'));
  } catch {
    return [];
  }
}

const toPosix = (relative: string) => relative.split(path.sep).join('/');
// The callback APIs: fs/promises' readFile and lstat cost several more round trips per file,
// which shows on contexts of thousands of small files.
const fs = { readFile: promisify(readFile), readdir: promisify(readdir), lstat: promisify(lstat), readlink: promisify(readlink), stat: promisify(stat) };

/** The entries to send, in tar order; ignored folders appear only if something inside is sent. */
async function listContext(root: string, dockerfileInContext: string, patterns: string[]): Promise<ContextEntry[]> {
  const ignores = dockerignoreMatcher(patterns);
  const hasExceptions = patterns.some((pattern) => pattern.startsWith('!'));
  const alwaysSent = new Set([dockerfileInContext, '.dockerignore']);
  const entries: ContextEntry[] = [];
  const listed = new Set<string>();
  const addAncestors = (ancestors: ContextEntry[]) => {
    for (const ancestor of ancestors) {
      if (listed.has(ancestor.name)) continue;
      listed.add(ancestor.name);
      entries.push(ancestor);
    }
  };
  const walk = async (dir: string, ancestors: ContextEntry[]): Promise<void> => {
    const names = (await fs.readdir(dir)).sort();
    // One folder's lstat calls run together: the thread pool overlaps them.
    const allStats = await Promise.all(names.map((name) => fs.lstat(path.join(dir, name))));
    for (const [index, name] of names.entries()) {
      const absolute = path.join(dir, name);
      const relative = toPosix(path.relative(root, absolute));
      const stats = allStats[index];
      const ignored = ignores(relative) && !alwaysSent.has(relative);
      if (stats.isDirectory()) {
        // An ignored folder is still walked when a `!` pattern (or the Dockerfile) may be inside.
        if (ignored && !hasExceptions && !dockerfileInContext.startsWith(`${relative}/`)) continue;
        const chain = [...ancestors, { name: relative, absolute, stats }];
        if (!ignored) addAncestors(chain);
        await walk(absolute, chain);
      } else if (!ignored && (stats.isFile() || stats.isSymbolicLink())) {
        addAncestors(ancestors);
        entries.push({ name: relative, absolute, stats });
      }
    }
  };
  await walk(root, []);
  return entries;
}

export async function packContext(contextDir: string, dockerfilePath: string): Promise<PackedContext> {
  const root = path.resolve(contextDir);
  const dockerfile = path.resolve(dockerfilePath);
  const relativeDockerfile = path.relative(root, dockerfile);
  const dockerfileInside = relativeDockerfile !== '' && !relativeDockerfile.startsWith('..') && !path.isAbsolute(relativeDockerfile);
  // Like the Docker CLI, a Dockerfile outside the context travels under a random name.
  const dockerfileInContext = dockerfileInside ? toPosix(relativeDockerfile) : `.dockerfile.${randomBytes(10).toString('hex')}`;

  const pack = tar.pack();
  let bytes = 0;
  // Counts in transform() rather than with a 'data' listener, which would start the flow early,
  // and joins tar-stream's small pieces (header, body, padding per file) into larger chunks: one
  // socket write per 64 kB instead of three per file.
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      batch.push(chunk);
      batchBytes += chunk.length;
      if (batchBytes < BATCH_BYTES) return callback();
      const joined = Buffer.concat(batch, batchBytes);
      batch = [];
      batchBytes = 0;
      callback(null, joined);
    },
    flush(callback) {
      callback(null, batchBytes ? Buffer.concat(batch, batchBytes) : undefined);
    },
  });
  const stream = pack.pipe(counter) as Readable;
  // When the reader goes away (cancel, daemon error), stop packing; the pending entry then fails
  // and `done` settles. The pipe reports the closed reader as an error on `pack`: expected here.
  counter.once('close', () => { if (!finished) pack.destroy(); });
  pack.on('error', () => undefined);
  const started = performance.now();
  let files = 0;
  let finished = false;

  /** Resolves once tar-stream accepted the entry (it waits while its reader is behind). */
  const entryWithBody = (header: Partial<tar.Header> & { name: string }, body: Buffer) => new Promise<void>((resolve, reject) => {
    pack.entry(header, body, (error) => (error ? reject(error) : resolve()));
  });

  const write = async (entries: ContextEntry[]): Promise<void> => {
    const pending = new Map<number, Promise<Buffer>>();
    let aheadIndex = 0;
    let aheadBytes = 0;
    const readAhead = (from: number) => {
      aheadIndex = Math.max(aheadIndex, from);
      while (aheadIndex < entries.length && aheadBytes < READ_AHEAD_BYTES) {
        const { stats, absolute } = entries[aheadIndex];
        if (stats.isFile() && stats.size <= WHOLE_FILE_LIMIT) {
          const read = fs.readFile(absolute);
          read.catch(() => undefined); // awaited in order below; this keeps an early failure handled
          pending.set(aheadIndex, read);
          aheadBytes += stats.size;
        }
        aheadIndex++;
      }
    };
    for (let index = 0; index < entries.length; index++) {
      readAhead(index);
      const { name, absolute, stats } = entries[index];
      const header: Partial<tar.Header> & { name: string } = { name, mode: stats.mode & 0o7777, mtime: stats.mtime, uid: 0, gid: 0 };
      if (stats.isSymbolicLink()) {
        pack.entry({ ...header, type: 'symlink', linkname: await fs.readlink(absolute) });
      } else if (stats.isDirectory()) {
        pack.entry({ ...header, type: 'directory' });
      } else if (pending.has(index)) {
        const body = await pending.get(index)!;
        pending.delete(index);
        aheadBytes -= stats.size;
        // The file may have changed since lstat; the header must match the bytes sent.
        await entryWithBody({ ...header, type: 'file', size: body.length }, body);
        files++;
      } else {
        await pipeline(createReadStream(absolute), pack.entry({ ...header, type: 'file', size: stats.size }));
        files++;
      }
    }
  };

  const done = (async (): Promise<PackStats> => {
    try {
      const entries = await listContext(root, dockerfileInContext, await readIgnorePatterns(root));
      if (!dockerfileInside) entries.push({ name: dockerfileInContext, absolute: dockerfile, stats: await fs.stat(dockerfile) });
      await write(entries);
      pack.finalize();
      await new Promise<void>((resolve, reject) => {
        counter.once('end', resolve);
        counter.once('close', resolve);
        counter.once('error', reject);
      });
      finished = true;
      return { bytes, files, packMs: performance.now() - started };
    } catch (error) {
      counter.destroy(error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
  })();
  done.catch(() => undefined); // the caller awaits it; this only keeps an early failure handled
  const progress = () => ({ bytes, files, packMs: performance.now() - started, finished });
  return { stream, dockerfileInContext, done, progress };
}
