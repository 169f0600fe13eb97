// Build contexts on disk for the build tests and bench: a folder tree from a map of files.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export type TreeEntry = string | Buffer | { content: string | Buffer; mode?: number } | { symlink: string };

export function writeTree(root: string, files: Record<string, TreeEntry>): void {
  for (const [name, entry] of Object.entries(files)) {
    const target = path.join(root, name);
    mkdirSync(path.dirname(target), { recursive: true });
    if (typeof entry === 'object' && !Buffer.isBuffer(entry) && 'symlink' in entry) {
      symlinkSync(entry.symlink, target);
    } else if (typeof entry === 'string' || Buffer.isBuffer(entry)) {
      writeFileSync(target, entry);
    } else {
      writeFileSync(target, entry.content);
      if (entry.mode !== undefined) chmodSync(target, entry.mode);
    }
  }
}

/** A fresh temporary folder holding `files`; remove it with the returned cleanup. */
export function tempContext(files: Record<string, TreeEntry>): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'dockscope-build-'));
  writeTree(dir, files);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
