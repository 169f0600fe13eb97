// Walks a folder the way BuildKit's file sync sender (tonistiigi/fsutil) does, so the daemon's
// receiver accepts the order and the files sent equal what the Docker CLI sends: names in byte
// order, depth first; include/exclude patterns as fsutil's filter applies them (a folder is
// entered only when a pattern may still match inside it, and an excluded folder is sent only
// when something inside it is); each entry described as fsutil's Stat (Go os.FileMode bits).
// This is fsutil's current filter (what `docker buildx build` sends). The Docker 20.10 CLI's
// older walker differs in two corner cases: it also sends an excluded folder that an exception
// could reach but nothing inside matches (as an empty folder), and it re-checks each pattern
// against one parent folder per path (so `**/*.txt` then `!dir` keeps dir/a.txt).
// Names are read as bytes and sent as bytes, as Go does: a name that is not valid UTF-8 reaches
// the daemon unchanged (patterns match its UTF-8 reading, with U+FFFD for the invalid bytes).
// The walk uses synchronous readdir/lstat/readlink: on thousands of small entries a thread-pool
// round trip per call costs several times the call itself; it yields to the event loop after
// each folder and whenever the sender waits, so a large tree never blocks it long.
import { lstat, readdir, readlink, realpath } from 'node:fs/promises';
import { lstatSync, readdirSync, readlinkSync, type BigIntStats } from 'node:fs';
import * as path from 'node:path';
import { PatternMatcher, cleanPath, withoutTrailingGlob, type MatchInfo, Pattern } from '../../../common/dockerignore';
import { int64Bits, type WireStat } from '../session/proto';

export interface SyncWalkOptions {
  includePatterns?: string[];
  excludePatterns?: string[];
  /** Paths whose symlinks are resolved into include patterns (the Dockerfile, .dockerignore). */
  followPaths?: string[];
  /** The Docker CLI sends the context with owner 0:0 (its resetUIDAndGID map). */
  resetOwner?: boolean;
}

export interface SyncEntry {
  /** Slash path relative to the walked folder (read as UTF-8; stat.path has its exact bytes). */
  path: string;
  /** A Buffer when a name on the way is not valid UTF-8. */
  absolute: string | Buffer;
  stat: WireStat;
  /** Regular files and sockets (not hard links to an earlier one): the receiver may request their bytes. */
  requestable: boolean;
  size: number;
}

// Go's os.FileMode type bits (io/fs).
const MODE_DIR = 2 ** 31;
const MODE_SYMLINK = 2 ** 27;
const MODE_DEVICE = 2 ** 26;
const MODE_NAMED_PIPE = 2 ** 25;
const MODE_SETUID = 2 ** 23;
const MODE_SETGID = 2 ** 22;
const MODE_CHAR_DEVICE = 2 ** 21;
const MODE_STICKY = 2 ** 20;
/** Dir, symlink, pipe, socket, device, char device, irregular. */
const MODE_TYPE = MODE_DIR + MODE_SYMLINK + MODE_NAMED_PIPE + 2 ** 24 + MODE_DEVICE + MODE_CHAR_DEVICE + 2 ** 19;

/** A unix st_mode as Go's os.FileMode (what fsutil puts in Stat.mode). Sockets lose their type, as in fsutil. */
export function goFileMode(unixMode: number): number {
  let mode = unixMode & 0o777;
  switch (unixMode & 0o170000) {
    case 0o060000: mode += MODE_DEVICE; break;
    case 0o020000: mode += MODE_DEVICE + MODE_CHAR_DEVICE; break;
    case 0o040000: mode += MODE_DIR; break;
    case 0o010000: mode += MODE_NAMED_PIPE; break;
    case 0o120000: mode += MODE_SYMLINK; break;
    default: break; // regular file; a socket's bit is cleared by fsutil's mkstat
  }
  if (unixMode & 0o2000) mode += MODE_SETGID;
  if (unixMode & 0o4000) mode += MODE_SETUID;
  if (unixMode & 0o1000) mode += MODE_STICKY;
  return mode;
}

/** fsutil's fileCanRequestData: only entries without a type bit (regular files) carry data. */
export function isRequestable(goMode: number): boolean {
  return (BigInt(goMode) & BigInt(MODE_TYPE)) === 0n;
}

/** Go's string order: bytes of the UTF-8 encoding. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

const EMPTY = Buffer.alloc(0);
const SLASH = Buffer.from('/');

/** The name as a string when it is valid UTF-8, else undefined. */
function utf8Name(name: Buffer): string | undefined {
  const text = name.toString('utf8');
  // Decoding replaces invalid bytes with U+FFFD: without one, nothing was lost (the common case).
  if (!text.includes('\uFFFD')) return text;
  return Buffer.from(text).equals(name) ? text : undefined;
}

/** Go's filepath.Join for slash paths: empty elements dropped, the result cleaned. */
function joinPath(...elements: string[]): string {
  const kept = elements.filter((element) => element !== '');
  return kept.length ? cleanPath(kept.join('/')) : '';
}

/** fsutil's dedupePaths: drops paths below the previous kept one; a "." means no filter at all. */
function dedupePaths(paths: string[]): string[] | null {
  const out: string[] = [];
  let last = '';
  for (const candidate of paths) {
    if (candidate === '.') return null;
    if (candidate.startsWith(`${last}/`)) continue;
    out.push(candidate);
    last = candidate;
  }
  return out;
}

function containsWildcards(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    if (name[i] === '\\') i++;
    else if (name[i] === '*' || name[i] === '?' || name[i] === '[') return true;
  }
  return false;
}

const isMissing = (error: unknown) => ['ENOENT', 'ENOTDIR'].includes((error as NodeJS.ErrnoException)?.code ?? '');

/** fsutil's FollowLinks: each path, with every symlink on its way resolved inside the root. */
export async function followLinks(root: string, paths: string[]): Promise<string[] | null> {
  const resolved = new Set<string>();
  const readSymlink = async (relative: string, allowWildcard: boolean): Promise<string[] | null> => {
    const real = path.join(root, relative);
    const base = path.posix.basename(relative);
    if (allowWildcard && containsWildcards(base)) {
      let names: string[];
      try { names = await readdir(path.dirname(real)); } catch (error) { if (isMissing(error)) return null; throw error; }
      const glob = new Pattern(base, false);
      let out: string[] | null = null;
      for (const name of names) {
        if (!glob.match(name)) continue;
        const targets = await readSymlink(joinPath(path.posix.dirname(relative), name), false);
        if (targets) out = [...(out ?? []), ...targets];
      }
      return out;
    }
    let stats;
    try { stats = await lstat(real); } catch (error) { if (isMissing(error)) return null; throw error; }
    if (!stats.isSymbolicLink()) return null;
    const link = cleanPath(await readlink(real));
    return [link.startsWith('/') ? link : joinPath('/', joinPath(path.posix.dirname(relative), link))];
  };
  const append = async (input: string): Promise<void> => {
    let rest = input;
    let current = '.';
    for (;;) {
      const slash = rest.indexOf('/');
      current = joinPath(current, slash < 0 ? rest : rest.slice(0, slash));
      const targets = await readSymlink(current, true);
      rest = slash < 0 ? '' : rest.slice(slash + 1);
      if ((rest === '' || targets) && resolved.has(current)) return;
      if (targets) {
        resolved.add(current);
        for (const target of targets) await append(joinPath(target, rest));
        return;
      }
      if (rest === '') { resolved.add(current); return; }
    }
  };
  for (const followed of paths) await append(followed);
  return dedupePaths([...resolved].sort(compareBytes));
}

/** The filter's view of one folder on the walk, handed to its children. */
interface VisitedDir {
  entry: { absolute: string | Buffer; relative: string; wire: Buffer; stats: BigIntStats };
  include: MatchInfo;
  exclude: MatchInfo;
  sent: boolean;
}

const PATTERN_CHARS = /[*[\]?^\\]/;

export async function* walkForSync(dir: string, options: SyncWalkOptions = {}): AsyncGenerator<SyncEntry> {
  const root = await realpath(dir);
  let includePatterns: string[] | null = options.includePatterns?.length ? [...options.includePatterns] : null;
  if (options.followPaths?.length) {
    const targets = await followLinks(root, options.followPaths);
    if (targets) includePatterns = dedupePaths([...(includePatterns ?? []), ...targets]);
  }
  const include = includePatterns?.length ? new PatternMatcher(includePatterns) : undefined;
  const exclude = options.excludePatterns?.length ? new PatternMatcher(options.excludePatterns) : undefined;
  const onlyPrefixIncludes = !include?.patterns.some((p) => !p.exclusion && PATTERN_CHARS.test(withoutTrailingGlob(p)));
  const onlyPrefixExceptions = !exclude?.patterns.some((p) => p.exclusion && PATTERN_CHARS.test(withoutTrailingGlob(p)));
  /** A pattern of the wanted kind could still match something inside `relative`. */
  const mayMatchInside = (matcher: PatternMatcher, exclusion: boolean, relative: string) =>
    matcher.patterns.some((p) => p.exclusion === exclusion && `${withoutTrailingGlob(p)}/`.startsWith(`${relative}/`));
  const seenInodes = new Map<bigint, Buffer>();

  const describe = (absolute: string | Buffer, relative: string, wire: Buffer, stats: BigIntStats): SyncEntry => {
    const mode = goFileMode(Number(stats.mode));
    const isDir = stats.isDirectory();
    let size = isDir ? 0 : Number(stats.size);
    let linkname: Buffer = EMPTY;
    // A socket travels as an empty regular file (its type bit is dropped), as with the Docker CLI.
    let requestable = stats.isFile() || stats.isSocket();
    if (!isDir) {
      if (stats.isSymbolicLink()) linkname = readlinkSync(absolute, { encoding: 'buffer' });
      const earlier = stats.nlink > 1n ? seenInodes.get(stats.ino) : undefined;
      if (earlier !== undefined) { linkname = earlier; size = 0; requestable = false; } else seenInodes.set(stats.ino, wire);
    }
    const isDevice = stats.isBlockDevice() || stats.isCharacterDevice();
    const rdev = Number(stats.rdev);
    const stat: WireStat = {
      path: wire, mode,
      uid: options.resetOwner ? 0 : Number(stats.uid),
      gid: options.resetOwner ? 0 : Number(stats.gid),
      size, modTime: int64Bits(stats.mtimeNs), linkname,
      devmajor: isDevice ? (rdev >> 8) & 0xfff : 0,
      devminor: isDevice ? (rdev & 0xff) | ((rdev >> 12) & 0xfff00) : 0,
    };
    return { path: relative, absolute, stat, requestable, size };
  };

  const parents: VisitedDir[] = [];
  async function* walk(absoluteDir: string | Buffer, relativeDir: string, wireDir: Buffer, skipped: boolean): AsyncGenerator<SyncEntry> {
    let names: Buffer[];
    try {
      names = readdirSync(absoluteDir, { encoding: 'buffer' }).sort(Buffer.compare);
    } catch (error) {
      // Gone meanwhile, or unreadable but only entered for possible exceptions: fsutil goes on.
      if (isMissing(error) || (skipped && (error as NodeJS.ErrnoException)?.code === 'EACCES')) return;
      throw error;
    }
    await new Promise((resolve) => setImmediate(resolve));
    for (const name of names) {
      const text = utf8Name(name);
      // Plain concatenation: the root is resolved and names have no separators (path.join's
      // normalising showed in profiles). Bytes only below a name that is not UTF-8.
      const absolute = typeof absoluteDir === 'string' && text !== undefined
        ? `${absoluteDir}/${text}`
        : Buffer.concat([Buffer.from(absoluteDir), SLASH, name]);
      const stats = lstatSync(absolute, { bigint: true, throwIfNoEntry: false });
      if (!stats) continue; // removed while walking
      const shown = text ?? name.toString('utf8');
      const relative = relativeDir ? `${relativeDir}/${shown}` : shown;
      const wire = wireDir.length ? Buffer.concat([wireDir, SLASH, name]) : name;
      const isDir = stats.isDirectory();
      const parent = parents[parents.length - 1];
      let skip = false;
      let includeInfo: MatchInfo;
      let excludeInfo: MatchInfo;
      if (include) {
        const [matched, info] = include.matchesUsingParentResults(relative, parent?.include);
        includeInfo = info;
        if (!matched) {
          if (isDir && onlyPrefixIncludes && !mayMatchInside(include, false, relative)) continue;
          skip = true;
        }
      }
      if (exclude) {
        const [matched, info] = exclude.matchesUsingParentResults(relative, parent?.exclude);
        excludeInfo = info;
        if (matched) {
          if (isDir && onlyPrefixExceptions && (!exclude.exclusions || !mayMatchInside(exclude, true, relative))) continue;
          skip = true;
        }
      }
      const visited: VisitedDir | undefined = isDir
        ? { entry: { absolute, relative, wire, stats }, include: includeInfo, exclude: excludeInfo, sent: false }
        : undefined;
      if (!skip) {
        const self = describe(absolute, relative, wire, stats);
        for (const ancestor of parents) {
          if (ancestor.sent) continue;
          ancestor.sent = true;
          yield describe(ancestor.entry.absolute, ancestor.entry.relative, ancestor.entry.wire, ancestor.entry.stats);
        }
        if (visited) visited.sent = true;
        yield self;
      }
      if (visited) {
        parents.push(visited);
        try {
          yield* walk(absolute, relative, wire, skip);
        } finally {
          parents.pop();
        }
      }
    }
  }
  yield* walk(root, '', EMPTY, false);
}
