// The build context files rules look at: go.mod, go.sum, .dockerignore, Node/Python manifests.
// Disk reads are cached by path + mtime + size, so re-linting after an edit of the Dockerfile
// costs a few stat calls. `memoryContext` is the in-memory fake for tests.
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dockerignoreMatcher, readDockerignore } from '../../common/dockerignore';
import { MAX_TEXT_FILE_BYTES } from '../../common/files';
import { parseGoMod, type GoMod } from './goMod';

export type { GoMod };

export interface DockerIgnore {
  text: string;
  /** Non-comment, non-blank patterns in file order (`!` exceptions included). */
  patterns: string[];
  /** Whether the Docker CLI leaves `path` (relative to the context, `/`-separated) out of the context. */
  ignores(path: string): boolean;
}

export interface BuildContext {
  /** Absolute folder on disk, or a label for in-memory contexts. */
  root: string;
  /** Text of a file relative to the root, null when absent or unreadable. */
  readText(path: string): string | null;
  exists(path: string): boolean;
  /** Root go.mod, parsed; null without one. */
  goMod(): GoMod | null;
  hasGoSum(): boolean;
  dockerignore(): DockerIgnore | null;
  hasPackageJson(): boolean;
  hasPackageLock(): boolean;
  hasYarnLock(): boolean;
  hasRequirementsTxt(): boolean;
}

/** A context that reads files through `read` and parses each text once. */
function contextOver(root: string, read: (path: string) => string | null): BuildContext {
  const parsed = new Map<string, { text: string; value: unknown }>();
  const derived = <T>(path: string, parse: (text: string) => T): T | null => {
    const text = read(path);
    if (text === null) return null;
    const cached = parsed.get(path);
    if (cached && cached.text === text) return cached.value as T;
    const value = parse(text);
    parsed.set(path, { text, value });
    return value;
  };
  return {
    root,
    readText: read,
    exists: (path) => read(path) !== null,
    goMod: () => derived('go.mod', parseGoMod),
    hasGoSum: () => read('go.sum') !== null,
    dockerignore: () => derived('.dockerignore', parseDockerIgnore),
    hasPackageJson: () => read('package.json') !== null,
    hasPackageLock: () => read('package-lock.json') !== null,
    hasYarnLock: () => read('yarn.lock') !== null,
    hasRequirementsTxt: () => read('requirements.txt') !== null,
  };
}

/** `context` with some files replaced (or created): what a fix-all's next pass sees. */
export function overlayContext(context: BuildContext, files: ReadonlyMap<string, string>): BuildContext {
  return contextOver(context.root, (path) => files.get(normalize(path)) ?? context.readText(path));
}

export function memoryContext(files: Record<string, string>, root = '/memory'): BuildContext {
  return contextOver(root, (path) => files[normalize(path)] ?? null);
}

const diskCache = new Map<string, { mtimeMs: number; size: number; text: string | null }>();
const contexts = new Map<string, BuildContext>();

/** A context on disk; one instance per folder, so its parsed files are reused across lints. */
export function diskContext(root: string): BuildContext {
  const absolute = resolve(root);
  let context = contexts.get(absolute);
  if (!context) {
    context = contextOver(absolute, (path) => readCached(join(absolute, normalize(path))));
    contexts.set(absolute, context);
  }
  return context;
}

/**
 * A context on disk whose files are read (and stat'ed) once: for one run over files that do not
 * change meanwhile (`dockscope lint`), where checking each file's mtime on every lint is waste.
 */
export function runContext(root: string): BuildContext {
  const absolute = resolve(root);
  const texts = new Map<string, string | null>();
  return contextOver(absolute, (path) => {
    const file = join(absolute, normalize(path));
    let text = texts.get(file);
    if (text === undefined) texts.set(file, (text = readCached(file)));
    return text;
  });
}

/** Reads a file (absolute path), cached by mtime and size; null when absent or unreadable. */
export function readCached(file: string): string | null {
  let stat;
  try {
    stat = statSync(file, { throwIfNoEntry: false });
  } catch {
    return null;
  }
  if (!stat || !stat.isFile()) {
    diskCache.delete(file);
    return null;
  }
  const cached = diskCache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.text;
  let text: string | null;
  try {
    text = stat.size > MAX_TEXT_FILE_BYTES ? null : readFileSync(file, 'utf8');
  } catch {
    text = null;
  }
  diskCache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, text });
  return text;
}

/** Forget cached reads (e.g. when the client reports a changed file whose mtime did not move). */
export function invalidateDiskCache(file?: string): void {
  if (file) diskCache.delete(resolve(file));
  else diskCache.clear();
}

function normalize(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
}

export function parseDockerIgnore(text: string): DockerIgnore {
  const patterns = readDockerignore(text);
  const ignores = dockerignoreMatcher(patterns);
  return { text, patterns, ignores: (path) => ignores(normalize(path)) };
}

/**
 * A view of `context` for one lint: every answer is computed once, so rules asking the same
 * question (go.mod, .dockerignore, ...) cost no further file-system calls during that lint.
 */
export function snapshotContext(context: BuildContext): BuildContext {
  const texts = new Map<string, string | null>();
  const memo = new Map<string, unknown>();
  const once = <T>(key: string, compute: () => T): T => {
    if (!memo.has(key)) memo.set(key, compute());
    return memo.get(key) as T;
  };
  const readText = (path: string) => {
    if (!texts.has(path)) texts.set(path, context.readText(path));
    return texts.get(path) ?? null;
  };
  return {
    root: context.root,
    readText,
    exists: (path) => readText(path) !== null,
    goMod: () => once('goMod', () => context.goMod()),
    hasGoSum: () => once('goSum', () => context.hasGoSum()),
    dockerignore: () => once('dockerignore', () => context.dockerignore()),
    hasPackageJson: () => once('packageJson', () => context.hasPackageJson()),
    hasPackageLock: () => once('packageLock', () => context.hasPackageLock()),
    hasYarnLock: () => once('yarnLock', () => context.hasYarnLock()),
    hasRequirementsTxt: () => once('requirements', () => context.hasRequirementsTxt()),
  };
}
