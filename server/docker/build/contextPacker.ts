// Packs a build context folder into a tar stream the way the Docker CLI does: `.dockerignore`
// applied with @balena/dockerignore (measured identical to the CLI's BuildKit behaviour), the
// Dockerfile and .dockerignore always sent, symlinks kept as links, modes kept, owner root.
// Entries are written one at a time as the daemon reads, so a large context is never buffered.
import { createReadStream, promises as fs, type Stats } from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import dockerignore from '@balena/dockerignore';
import * as tar from 'tar-stream';

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

export async function readIgnorePatterns(contextDir: string): Promise<string[]> {
  try {
    const text = await fs.readFile(path.join(contextDir, '.dockerignore'), 'utf8');
    return text.split(/\r?\n/);
  } catch {
    return [];
  }
}

const toPosix = (relative: string) => relative.split(path.sep).join('/');

export async function packContext(contextDir: string, dockerfilePath: string): Promise<PackedContext> {
  const root = path.resolve(contextDir);
  const dockerfile = path.resolve(dockerfilePath);
  const patterns = await readIgnorePatterns(root);
  const ignore = dockerignore({ ignorecase: false }).add(patterns);
  const hasExceptions = patterns.some((pattern) => pattern.trim().startsWith('!'));
  const relativeDockerfile = path.relative(root, dockerfile);
  const dockerfileInside = relativeDockerfile !== '' && !relativeDockerfile.startsWith('..') && !path.isAbsolute(relativeDockerfile);
  // Like the Docker CLI, a Dockerfile outside the context travels under a random name.
  const dockerfileInContext = dockerfileInside ? toPosix(relativeDockerfile) : `.dockerfile.${randomBytes(10).toString('hex')}`;
  const alwaysSent = new Set([dockerfileInContext, '.dockerignore']);

  const pack = tar.pack();
  let bytes = 0;
  // Counts in transform() rather than with a 'data' listener, which would start the flow early.
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) { bytes += chunk.length; callback(null, chunk); },
  });
  const stream = pack.pipe(counter) as Readable;
  const started = performance.now();
  let files = 0;
  let finished = false;

  const addEntry = async (name: string, stats: Stats, absolute: string): Promise<void> => {
    const header = { name, mode: stats.mode & 0o7777, mtime: stats.mtime, uid: 0, gid: 0 };
    if (stats.isSymbolicLink()) {
      pack.entry({ ...header, type: 'symlink', linkname: await fs.readlink(absolute) });
    } else if (stats.isDirectory()) {
      pack.entry({ ...header, type: 'directory' });
    } else if (stats.isFile()) {
      const entry = pack.entry({ ...header, type: 'file', size: stats.size });
      await pipeline(createReadStream(absolute), entry);
      files++;
    }
  };

  // Ignored folders are written only once something inside them is sent (a `!` exception).
  const written = new Set<string>();
  const writeAncestors = async (ancestors: Array<[string, Stats, string]>): Promise<void> => {
    for (const [relative, stats, absolute] of ancestors) {
      if (written.has(relative)) continue;
      written.add(relative);
      await addEntry(relative, stats, absolute);
    }
  };

  const walk = async (dir: string, ancestors: Array<[string, Stats, string]>): Promise<void> => {
    const names = (await fs.readdir(dir)).sort();
    for (const name of names) {
      const absolute = path.join(dir, name);
      const relative = toPosix(path.relative(root, absolute));
      const stats = await fs.lstat(absolute);
      const ignored = ignore.ignores(relative) && !alwaysSent.has(relative);
      if (stats.isDirectory()) {
        // An ignored folder is still walked when a `!` pattern could re-include something in it.
        if (ignored && !hasExceptions && !dockerfileInContext.startsWith(`${relative}/`)) continue;
        const chain: Array<[string, Stats, string]> = [...ancestors, [relative, stats, absolute]];
        if (!ignored) await writeAncestors(chain);
        await walk(absolute, chain);
      } else if (!ignored && (stats.isFile() || stats.isSymbolicLink())) {
        await writeAncestors(ancestors);
        await addEntry(relative, stats, absolute);
      }
    }
  };

  const done = (async (): Promise<PackStats> => {
    try {
      await walk(root, []);
      if (!dockerfileInside) await addEntry(dockerfileInContext, await fs.stat(dockerfile), dockerfile);
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
