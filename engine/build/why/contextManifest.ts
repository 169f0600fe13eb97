// What the build context held at a build: every file the daemon could have been sent (the walk
// the file-sync sender does, `.dockerignore` applied), with size, mode, modification time and,
// for files small enough to read cheaply, a content hash. Two builds' manifests answer "which
// files under this COPY's sources changed since the last build".
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { readDockerignore } from '../../../common/dockerignore';
import { walkForSync } from '../context/walk';

export interface ManifestEntry {
  size: number;
  /** Go file mode bits, as fsutil sends them (type and permissions). */
  mode: number;
  mtimeMs: number;
  /** sha256 of the contents, for files up to HASH_FILE_LIMIT while the budget lasts. */
  sha256?: string;
}

export interface ContextManifest {
  /** Slash paths relative to the context; directories are left out (a file change names its path). */
  files: Record<string, ManifestEntry>;
  /** The walk stopped at MAX_ENTRIES: changes beyond it cannot be named. */
  truncated: boolean;
}

/** Beyond this many files the manifest stops (its JSON stays a few MB in the build history). */
const MAX_ENTRIES = 50_000;
/** Files up to this size get a content hash, so a touched but unchanged file is not called changed. */
const HASH_FILE_LIMIT = 1024 * 1024;
/** At most this many bytes are read for hashes per build; beyond it size and time decide. */
const HASH_BUDGET = 64 * 1024 * 1024;

/** The walk's modification time (nanoseconds, as fsutil's wire form) in milliseconds. */
function milliseconds(time: number | { low: number; high: number }): number {
  return typeof time === 'number' ? time / 1e6 : (time.high * 2 ** 32 + time.low) / 1e6;
}

async function dockerignorePatterns(context: string): Promise<string[]> {
  try {
    return readDockerignore(await fs.readFile(path.join(context, '.dockerignore'), 'utf8'));
  } catch {
    return [];
  }
}

/**
 * `earlier`: the last build's manifest, whose hashes are reused for files whose size, mode and
 * time did not change, so a rebuild reads only the files that did.
 */
export async function recordContextManifest(context: string, earlier?: ContextManifest | null): Promise<ContextManifest> {
  const files: Record<string, ManifestEntry> = {};
  let count = 0;
  let budget = HASH_BUDGET;
  for await (const entry of walkForSync(context, { excludePatterns: await dockerignorePatterns(context) })) {
    if (!entry.requestable && entry.stat.linkname.length === 0) continue; // directories, devices
    if (count >= MAX_ENTRIES) return { files, truncated: true };
    count++;
    const record: ManifestEntry = { size: entry.size, mode: entry.stat.mode, mtimeMs: milliseconds(entry.stat.modTime) };
    const known = earlier?.files[entry.path];
    if (entry.requestable && known?.sha256 && known.size === record.size && known.mode === record.mode && known.mtimeMs === record.mtimeMs) {
      record.sha256 = known.sha256;
    } else if (entry.requestable && entry.size <= HASH_FILE_LIMIT && entry.size <= budget) {
      budget -= entry.size;
      try {
        record.sha256 = createHash('sha256').update(await fs.readFile(entry.absolute)).digest('hex');
      } catch {
        // Gone or unreadable since the walk: size and time still describe it.
      }
    } else if (!entry.requestable) {
      record.sha256 = createHash('sha256').update('link:').update(entry.stat.linkname).digest('hex');
    }
    files[entry.path] = record;
  }
  return { files, truncated: false };
}

export interface ManifestChanges {
  added: string[];
  removed: string[];
  changed: string[];
}

function sameFile(a: ManifestEntry, b: ManifestEntry): boolean {
  if (a.size !== b.size || a.mode !== b.mode) return false;
  // BuildKit's cache key of a copied file is its contents (and mode): equal hashes are the same
  // file whatever its time says; without hashes the time must agree too.
  if (a.sha256 && b.sha256) return a.sha256 === b.sha256;
  return a.mtimeMs === b.mtimeMs;
}

/** The files, among those `wanted` selects, that differ between two manifests; sorted. */
export function diffManifests(before: ContextManifest, after: ContextManifest, wanted: (path: string) => boolean): ManifestChanges {
  const changes: ManifestChanges = { added: [], removed: [], changed: [] };
  for (const [file, entry] of Object.entries(after.files)) {
    if (!wanted(file)) continue;
    const old = before.files[file];
    if (!old) changes.added.push(file);
    else if (!sameFile(old, entry)) changes.changed.push(file);
  }
  for (const file of Object.keys(before.files)) if (wanted(file) && !(file in after.files)) changes.removed.push(file);
  for (const list of Object.values(changes)) list.sort();
  return changes;
}
