// The part of ~/.ssh/config that decides where an ssh:// Docker host really is and how to log in
// (ssh_config(5)): Host blocks with patterns (`*`, `?`, `!negated`), HostName (with %h), User,
// Port, IdentityFile (repeatable), IdentitiesOnly, IdentityAgent, UserKnownHostsFile. As in
// OpenSSH the first value found for a keyword wins (IdentityFile accumulates). `Match` blocks are
// not evaluated (their keywords are skipped) and `Include` is followed for plain paths and globs
// without brace expansion, relative to ~/.ssh.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, basename } from 'node:path';

export interface SshHostConfig {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  identitiesOnly?: boolean;
  identityAgent?: string;
  userKnownHostsFiles?: string[];
}

interface Line { keyword: string; args: string[] }

/** OpenSSH's pattern match: `*` any run, `?` one character, case-insensitive. */
export function matchesPattern(name: string, pattern: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return regex.test(name);
}

/** A comma- or space-separated pattern list: one negated match excludes, else any positive match includes. */
export function matchesPatternList(name: string, patterns: string[]): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchesPattern(name, pattern.slice(1))) return false;
    } else if (matchesPattern(name, pattern)) {
      matched = true;
    }
  }
  return matched;
}

/** Splits a config line into keyword and arguments (quotes group, `=` may separate the keyword). */
function parseLine(text: string): Line | undefined {
  const trimmed = text.trim();
  if (!trimmed || trimmed.startsWith('#')) return undefined;
  const keyword = /^([A-Za-z]+)\s*(?:=\s*|\s+|$)/.exec(trimmed);
  if (!keyword) return undefined;
  const args: string[] = [];
  const rest = trimmed.slice(keyword[0].length);
  for (const match of rest.matchAll(/"([^"]*)"|(\S+)/g)) {
    if (match[2]?.startsWith('#')) break;
    args.push(match[1] ?? match[2]);
  }
  return { keyword: keyword[1].toLowerCase(), args };
}

function expandHome(path: string, home: string): string {
  return path === '~' ? home : path.startsWith('~/') ? join(home, path.slice(2)) : path;
}

function readLines(path: string, home: string, depth: number): Line[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  const lines: Line[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = parseLine(raw);
    if (!line) continue;
    if (line.keyword === 'include' && depth < 8) {
      for (const arg of line.args) {
        const target = expandHome(arg, home);
        const absolute = isAbsolute(target) ? target : join(home, '.ssh', target);
        for (const file of globFiles(absolute)) lines.push(...readLines(file, home, depth + 1));
      }
      continue;
    }
    lines.push(line);
  }
  return lines;
}

/** `*`/`?` in the last path component only (the common `Include config.d/*`). */
function globFiles(path: string): string[] {
  const name = basename(path);
  if (!/[*?]/.test(name)) return [path];
  try {
    return readdirSync(dirname(path)).filter((entry) => matchesPattern(entry, name)).sort().map((entry) => join(dirname(path), entry));
  } catch {
    return [];
  }
}

/** The settings that apply to `host` (as typed in ssh://…) from `configPath` (default ~/.ssh/config). */
export function readSshConfig(host: string, home: string, configPath = join(home, '.ssh', 'config')): SshHostConfig {
  const config: SshHostConfig = { identityFiles: [] };
  let applies = true; // lines before the first Host block apply to every host
  for (const { keyword, args } of readLines(configPath, home, 0)) {
    if (keyword === 'host') {
      applies = matchesPatternList(host, args.flatMap((arg) => arg.split(',')));
      continue;
    }
    if (keyword === 'match') {
      applies = false;
      continue;
    }
    if (!applies || !args.length) continue;
    const value = args[0];
    switch (keyword) {
      case 'hostname': config.hostName ??= value.replace(/%h/g, host); break;
      case 'user': config.user ??= value; break;
      case 'port': if (config.port === undefined && /^\d+$/.test(value)) config.port = Number(value); break;
      case 'identityfile': config.identityFiles.push(value); break;
      case 'identitiesonly': config.identitiesOnly ??= value.toLowerCase() === 'yes'; break;
      case 'identityagent': config.identityAgent ??= value; break;
      case 'userknownhostsfile': config.userKnownHostsFiles ??= args; break;
      default: break;
    }
  }
  return config;
}

/** Expands ~ and the tokens OpenSSH allows in IdentityFile/UserKnownHostsFile (%d %u %h %r %p %%). */
export function expandSshPath(path: string, tokens: { home: string; localUser: string; host: string; user: string; port: number }): string {
  const expanded = path.replace(/%([duhrp%])/g, (_, token: string) => ({
    d: tokens.home, u: tokens.localUser, h: tokens.host, r: tokens.user, p: String(tokens.port), '%': '%',
  })[token] ?? '');
  return expandHome(expanded, tokens.home);
}
