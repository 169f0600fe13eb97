// The last successful build of each Dockerfile (and target) made with `dockscope build`, kept in
// the user's cache folder so the next build can say why each step ran. One small file per
// Dockerfile; a file that cannot be read is treated as no earlier build.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import type { BuildRecord } from '../../engine/build/record';

function storeDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'dockscope', 'builds');
}

function fileFor(dockerfile: string, target: string | null, env?: NodeJS.ProcessEnv): string {
  const key = createHash('sha256').update(`${dockerfile}\0${target ?? ''}`).digest('hex').slice(0, 32);
  return path.join(storeDir(env), `${key}.json`);
}

function looksLikeRecord(value: unknown): value is BuildRecord {
  const record = value as Partial<BuildRecord> | null;
  return !!record && record.version === 1 && typeof record.dockerfile === 'string' && Array.isArray(record.steps)
    && record.steps.every((step) => !!step && typeof step.name === 'string' && typeof step.cached === 'boolean')
    && !!record.inputs && typeof record.inputs.dockerfileText === 'string';
}

export function readLastBuild(dockerfile: string, target: string | null, env?: NodeJS.ProcessEnv): BuildRecord | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(fileFor(dockerfile, target, env), 'utf8'));
    return looksLikeRecord(value) && value.dockerfile === dockerfile ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps `record` as the one to compare the next build with (only a successful build is). */
export function saveLastBuild(record: BuildRecord, env?: NodeJS.ProcessEnv): void {
  if (record.outcome !== 'succeeded' || !record.inputs) return;
  const file = fileFor(record.dockerfile, record.target, env);
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(record), { mode: 0o600 });
    renameSync(partial, file);
  } catch {
    // A read-only home: the next build simply cannot say why its steps ran.
  }
}
