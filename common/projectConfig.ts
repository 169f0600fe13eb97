// `.dockscope.yaml` (or `.yml`) as a plain document, for features that read their own top-level
// section (`layers:` for `dockscope layers --ci`). Searched like the lint's project config
// (server/lint/config/projectConfig.ts, which maps `rules:` and .hadolint.yaml onto rule levels):
// the start folder, then its parents up to the one holding `.git`.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

export const PROJECT_CONFIG_NAMES = ['.dockscope.yaml', '.dockscope.yml'];

export interface ProjectConfig {
  path: string;
  /** The parsed document; {} for an empty file. */
  data: Record<string, unknown>;
}

export class ProjectConfigError extends Error {
  constructor(readonly path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'ProjectConfigError';
  }
}

/** The nearest config from `startDir` upwards, or undefined; throws ProjectConfigError when unreadable. */
export function findDockscopeYaml(startDir: string): ProjectConfig | undefined {
  for (let dir = startDir; ; dir = dirname(dir)) {
    for (const name of PROJECT_CONFIG_NAMES) {
      const path = join(dir, name);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      return { path, data: parseConfig(path, text) };
    }
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}

export function parseConfig(path: string, text: string): Record<string, unknown> {
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new ProjectConfigError(path, `not valid YAML: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new ProjectConfigError(path, 'expected a mapping at the top level');
  return data as Record<string, unknown>;
}
