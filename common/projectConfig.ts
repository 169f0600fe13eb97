// The project config files: `.dockscope.yaml` (or `.yml`), and hadolint's `.hadolint.yaml` that
// the lint honours when there is no Dockscope file. One finder for every reader: the lint maps
// `rules:` and hadolint's lists onto rule levels (lint/config/projectConfig.ts), `dockscope layers
// --ci` reads `layers:` (engine/analysis/thresholds.ts). Searched in the start folder, then its
// parents up to the one holding `.git`.
import { existsSync } from 'node:fs';
import { whyNotRead } from './files';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

const DOCKSCOPE_CONFIG_NAMES = ['.dockscope.yaml', '.dockscope.yml'];
const HADOLINT_CONFIG_NAMES = ['.hadolint.yaml', '.hadolint.yml'];

/** A config file found on disk: its path and text. */
export interface ConfigFile {
  path: string;
  kind: 'dockscope' | 'hadolint';
  text: string;
  /** Set when the file is there but was not read (its text is then empty): say so, once. */
  problem?: string;
}

/** How a reader reads a file: its text, or null when absent or unreadable. */
export type ReadText = (path: string) => string | null;

/** No repository is this deep; the bound keeps a search from a strange start cheap. */
const MAX_DEPTH = 32;

/**
 * The nearest `.dockscope.yaml`/`.yml` from `startDir` upwards; failing that (when `hadolint` is
 * set), the nearest `.hadolint.yaml`/`.yml`. A Dockscope file anywhere up to the repository root
 * wins over a hadolint file nearer the start.
 */
export function findConfigFile(startDir: string, read: ReadText, options: { hadolint: boolean }): ConfigFile | undefined {
  const folders: string[] = [];
  let current = resolve(startDir);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    folders.push(current);
    const parent = dirname(current);
    if (existsSync(join(current, '.git')) || parent === current) break;
    current = parent;
  }
  const kinds: Array<[ConfigFile['kind'], string[]]> = [['dockscope', DOCKSCOPE_CONFIG_NAMES]];
  if (options.hadolint) kinds.push(['hadolint', HADOLINT_CONFIG_NAMES]);
  for (const [kind, names] of kinds) {
    for (const folder of folders) {
      for (const name of names) {
        const path = join(folder, name);
        const text = read(path);
        if (text !== null) return { path, kind, text };
        // There but not read (a FIFO, a link to /dev/zero, a huge file): the user's config is
        // broken, which is not the same as having none, so no fallback to the next file.
        const why = whyNotRead(path);
        if (why) return { path, kind, text: '', problem: `${path}: ${why}; ignored` };
      }
    }
  }
  return undefined;
}

/** A hadolint config is recognised by its name (`--config` may name either kind). */
export function configKind(path: string): ConfigFile['kind'] {
  return /\.hadolint\.ya?ml$/.test(path) ? 'hadolint' : 'dockscope';
}

export interface ConfigDocument {
  /** The top-level mapping; {} when the file is empty or unreadable as one. */
  data: Record<string, unknown>;
  /** Why the file could not be used, in one line that never quotes the file's content. */
  problem: string | null;
}

/** Parses a config file's YAML; a problem is reported, never thrown. */
export function readConfigDocument(path: string, text: string): ConfigDocument {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    // The parser's message goes on with the offending lines; only its first line is shown.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { data: {}, problem: `${path}: not valid YAML (${reason})` };
  }
  if (data === null || data === undefined) return { data: {}, problem: null };
  if (typeof data !== 'object' || Array.isArray(data)) return { data: {}, problem: `${path}: expected a mapping at the top level` };
  return { data: data as Record<string, unknown>, problem: null };
}
