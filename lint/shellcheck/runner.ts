// Finding and running the `shellcheck` binary: a setting or flag names it (a bare name is looked up
// on PATH, an absolute path is used as is; `off` or empty: never run), and one process checks a
// whole batch of scripts written to a private temporary folder. Argument arrays, never a shell; a
// timeout and an output bound, so a stuck or chatty binary costs a message, not the lint.
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, isAbsolute, join } from 'node:path';
import type { ShellcheckComment } from './findings';

export interface ShellcheckBinary {
  path: string;
  /** `0.9.0`; null when `--version` said nothing we could read. */
  version: string | null;
}

export interface RunOptions {
  timeoutMs: number;
  /** Bound on ShellCheck's JSON output; more is treated as a failure. */
  maxOutputBytes?: number;
}

/**
 * ShellCheck's own exclusions for Dockerfiles, as hadolint makes them: SC1090/SC1091 (a `source`d
 * file lives in the image, which ShellCheck cannot read) and SC2187 (ash checked as dash: the
 * dialect is chosen here, from the base image).
 */
export const EXCLUDED_CODES = ['SC1090', 'SC1091', 'SC2187'];
/** Files per process: keeps the argument list far below the system's limit. */
const FILES_PER_PROCESS = 2000;
const DEFAULT_MAX_OUTPUT = 64 * 1024 * 1024;

/** True when the setting switches ShellCheck off. */
export function shellcheckOff(setting: string): boolean {
  const value = setting.trim().toLowerCase();
  return value === '' || value === 'off' || value === 'false';
}

/**
 * The executable a setting names, or null (off, not found, not executable). A relative path with
 * a folder in it is refused: it would depend on the current folder, which a workspace controls.
 */
export function locateShellcheck(setting: string, env: NodeJS.ProcessEnv = process.env): string | null {
  if (shellcheckOff(setting)) return null;
  const value = setting.trim();
  if (isAbsolute(value)) return executable(value) ? value : null;
  if (/[\\/]/.test(value)) return null;
  const extensions = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE').split(';').filter(Boolean)] : [''];
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (!folder || !isAbsolute(folder)) continue;
    for (const extension of extensions) {
      const candidate = join(folder, value + extension);
      if (executable(candidate)) return candidate;
    }
  }
  return null;
}

function executable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `shellcheck --version` read once per binary; a binary that does not answer is not ShellCheck. */
export async function shellcheckVersion(path: string, timeoutMs = 10_000): Promise<ShellcheckBinary> {
  const { stdout } = await run(path, ['--version'], { timeoutMs, maxOutputBytes: 64 * 1024 }, null);
  const version = /^version:\s*(\S+)/m.exec(stdout)?.[1] ?? null;
  if (!/ShellCheck/i.test(stdout)) throw new Error(`${path} --version does not say it is ShellCheck`);
  return { path, version };
}

/** True from ShellCheck 0.10, which knows BusyBox ash as `busybox`. */
export function knowsBusybox(version: string | null): boolean {
  const [major = 0, minor = 0] = (version ?? '').split('.').map(Number);
  return major > 0 || minor >= 10;
}

/** Runs ShellCheck over file texts; the comments on each, in the order given. */
export async function runShellcheck(path: string, texts: readonly string[], options: RunOptions): Promise<ShellcheckComment[][]> {
  const comments: ShellcheckComment[][] = texts.map(() => []);
  if (!texts.length) return comments;
  const folder = mkdtempSync(join(tmpdir(), 'dockscope-shellcheck-'));
  try {
    for (let from = 0; from < texts.length; from += FILES_PER_PROCESS) {
      const names: string[] = [];
      for (let i = from; i < Math.min(texts.length, from + FILES_PER_PROCESS); i++) {
        names.push(`${i}.sh`);
        writeFileSync(join(folder, `${i}.sh`), texts[i]);
      }
      // --norc: a .shellcheckrc found above the temporary folder is nobody's project config.
      const args = ['--format=json1', '--norc', `--exclude=${EXCLUDED_CODES.join(',')}`, '--', ...names];
      const { stdout } = await run(path, args, options, folder);
      for (const comment of parseJson1(stdout)) {
        const index = Number(/^(\d+)\.sh$/.exec(comment.file)?.[1] ?? -1);
        if (index >= 0 && index < texts.length) comments[index].push(comment);
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return comments;
}

function parseJson1(stdout: string): Array<ShellcheckComment & { file: string }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new Error('ShellCheck printed something that is not its JSON report');
  }
  const list = (parsed as { comments?: unknown })?.comments;
  if (!Array.isArray(list)) throw new Error('ShellCheck\'s JSON report has no comments list');
  return list.filter((entry): entry is ShellcheckComment & { file: string } => typeof entry?.file === 'string'
    && [entry.line, entry.column, entry.endLine, entry.endColumn, entry.code].every(Number.isInteger)
    && typeof entry.message === 'string' && typeof entry.level === 'string');
}

/** ShellCheck exits 1 when it has comments; 2 and above mean it could not do the job. */
function run(path: string, args: string[], options: RunOptions, cwd: string | null): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    execFile(path, args, {
      cwd: cwd ?? undefined, timeout: options.timeoutMs, maxBuffer: options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT,
      encoding: 'utf8', windowsHide: true, killSignal: 'SIGKILL',
    }, (error, stdout, stderr) => {
      const code: unknown = (error as { code?: unknown } | null)?.code;
      if (!error || code === 1) return resolve({ stdout });
      const killed = (error as { killed?: boolean }).killed;
      const why = killed ? `no answer within ${Math.round(options.timeoutMs / 1000)} s`
        : code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER' ? 'its output passed the size bound'
          : typeof code === 'number' ? `exit ${code}${stderr ? `: ${stderr.trim().split('\n')[0]}` : ''}` : error.message;
      reject(new Error(`${path} failed (${why})`));
    });
  });
}
