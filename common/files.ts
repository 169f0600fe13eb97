// Reading the small text files Dockscope looks at (project configs, a build context's go.mod or
// .dockerignore) safely: only regular files (a FIFO would block, a link to /dev/zero never ends)
// and only up to a bound.
import { readFileSync, statSync } from 'node:fs';

/** A config or manifest is a few kilobytes; a bigger file is not read. */
export const MAX_TEXT_FILE_BYTES = 4 * 1024 * 1024;

/** Why a file that exists is not read (not a regular file, too big), or null. */
export function whyNotRead(path: string): string | null {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return null;
    if (!stat.isFile()) return 'not a regular file';
    if (stat.size > MAX_TEXT_FILE_BYTES) return `larger than ${MAX_TEXT_FILE_BYTES / 1024 / 1024} MiB`;
    return null;
  } catch (error) {
    return error instanceof Error && 'code' in error ? `cannot be read (${String(error.code)})` : 'cannot be read';
  }
}

/** The file's text; null when absent, unreadable, not a regular file, or over the bound. */
export function readTextFile(path: string): string | null {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat?.isFile() || stat.size > MAX_TEXT_FILE_BYTES) return null;
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}
