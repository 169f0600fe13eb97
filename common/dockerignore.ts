// `.dockerignore` as Docker reads it, for every feature that needs it: the build's file sync and
// tar (which files are sent), and the lint (which files a COPY can see). The file is read as the
// Docker CLI's ignorefile.ReadAll does, and patterns match with the semantics BuildKit's file sync
// applies to exclude and include patterns: a port of moby/patternmatcher (the version fsutil's
// filter uses), so what Dockscope says is ignored is what the Docker CLI leaves out. Paths and
// patterns use `/`.
//
// Ported from https://github.com/moby/patternmatcher/blob/main/patternmatcher.go and
// ignorefile/ignorefile.go.
// Copyright The Moby Authors, Apache License 2.0 (http://www.apache.org/licenses/LICENSE-2.0).

type MatchType = 'exact' | 'prefix' | 'suffix' | 'regexp';

/** Go's path.Clean for slash paths. */
export function cleanPath(input: string): string {
  if (input === '') return '.';
  const rooted = input.startsWith('/');
  const parts: string[] = [];
  for (const part of input.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  const joined = parts.join('/');
  if (rooted) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** Regexp characters that mean nothing in a path pattern, escaped as patternmatcher does. */
const ESCAPED = new Set(['.', '+', '(', ')', '|', '{', '}', '$']);
/** Escapes after `\` that Go's regexp and JavaScript's (with the `u` flag) read alike. */
const SHARED_ESCAPES = new Set(['d', 'w', 's', 'D', 'W', 'S', 'b', 'B', 'f', 'n', 'r', 't', 'v']);
/** Go's `.` never matches a newline; JavaScript's also refuses \r, U+2028 and U+2029. */
const ANY = '[^\\n]';

export class Pattern {
  readonly exclusion: boolean;
  /** The cleaned pattern without its `!`. */
  readonly text: string;
  private type: MatchType | undefined;
  private regexp: RegExp | undefined;

  constructor(text: string, exclusion: boolean) {
    this.text = text;
    this.exclusion = exclusion;
  }

  /** Throws on a pattern Go's regexp would refuse (fsutil then fails the transfer). */
  match(path: string): boolean {
    if (!this.type) this.compile();
    switch (this.type) {
      case 'exact': return path === this.text;
      case 'prefix': return path.startsWith(this.text.slice(0, -2));
      case 'suffix': {
        const suffix = this.text.slice(2);
        if (path.endsWith(suffix)) return true;
        return suffix.startsWith('/') && path === suffix.slice(1);
      }
      default: return this.regexp!.test(path);
    }
  }

  private compile(): void {
    let source = '^';
    let type: MatchType = 'exact';
    const chars = Array.from(this.text);
    let i = 0;
    // Go's regexp reads a `]` outside a class as itself; JavaScript's `u` mode refuses it.
    let inClass = false;
    for (let step = 0; i < chars.length; step++) {
      const ch = chars[i++];
      if (ch === '*') {
        if (chars[i] === '*') {
          i++;
          if (chars[i] === '/') i++;
          if (i >= chars.length) {
            if (type === 'exact') type = 'prefix';
            else { source += `${ANY}*`; type = 'regexp'; }
          } else {
            source += `(${ANY}*/)?`;
            type = 'regexp';
          }
          if (step === 0) type = 'suffix';
        } else {
          source += '[^/]*';
          type = 'regexp';
        }
      } else if (ch === '?') {
        source += '[^/]';
        type = 'regexp';
      } else if (ESCAPED.has(ch)) {
        source += `\\${ch}`;
      } else if (ch === '\\') {
        if (i < chars.length) {
          source += escapeNext(chars[i++], this.text);
          type = 'regexp';
        } else {
          source += '\\\\';
        }
      } else if (ch === '[' || ch === ']') {
        source += ch === ']' && !inClass ? '\\]' : ch;
        inClass = ch === '[' ? true : ch === ']' ? false : inClass;
        type = 'regexp';
      } else {
        source += ch === '/' ? '\\/' : ch;
      }
    }
    if (type === 'regexp') {
      try {
        this.regexp = new RegExp(`${source}$`, 'u');
      } catch {
        throw new Error(`syntax error in pattern: ${this.text}`);
      }
    }
    this.type = type;
  }
}

function escapeNext(ch: string, pattern: string): string {
  if (SHARED_ESCAPES.has(ch)) return `\\${ch}`;
  if (/^[A-Za-z0-9]$/.test(ch)) throw new Error(`syntax error in pattern: ${pattern}`);
  // Any other character stands for itself; \u{…} keeps it literal inside and outside classes.
  return `\\u{${ch.codePointAt(0)!.toString(16)}}`;
}

/** Per-pattern results for a directory, handed to its children (MatchesUsingParentResults). */
export type MatchInfo = boolean[] | undefined;

export class PatternMatcher {
  readonly patterns: Pattern[] = [];
  readonly exclusions: boolean;

  constructor(patterns: string[]) {
    let exclusions = false;
    for (const raw of patterns) {
      let text = raw.trim();
      if (text === '') continue;
      text = cleanPath(text);
      let exclusion = false;
      if (text.startsWith('!')) {
        if (text.length === 1) throw new Error('illegal exclusion pattern: "!"');
        exclusion = true;
        exclusions = true;
        text = text.slice(1);
      }
      this.patterns.push(new Pattern(text, exclusion));
    }
    this.exclusions = exclusions;
  }

  /** True if the path or one of its parent folders matches, and no later `!` pattern re-includes it. */
  matchesOrParentMatches(file: string): boolean {
    let matched = false;
    const parents = parentPrefixes(file);
    for (const pattern of this.patterns) {
      if (pattern.exclusion !== matched) continue;
      let match = pattern.match(file);
      if (!match) match = parents.some((parent) => pattern.match(parent));
      if (match) matched = !pattern.exclusion;
    }
    return matched;
  }

  /** The walker's form: reuses the parent folder's per-pattern results instead of re-matching them. */
  matchesUsingParentResults(file: string, parent: MatchInfo): [boolean, boolean[]] {
    let matched = false;
    const info = new Array<boolean>(this.patterns.length).fill(false);
    this.patterns.forEach((pattern, index) => {
      let match = parent ? parent[index] : false;
      if (!match) {
        if (pattern.exclusion !== matched) return;
        match = pattern.match(file);
        if (!match && !parent) match = parentPrefixes(file).some((prefix) => pattern.match(prefix));
      }
      info[index] = match;
      if (match) matched = !pattern.exclusion;
    });
    return [matched, info];
  }
}

/** `a/b/c` → [`a`, `a/b`]. */
function parentPrefixes(file: string): string[] {
  const parts = file.split('/');
  const prefixes: string[] = [];
  for (let i = 1; i < parts.length; i++) prefixes.push(parts.slice(0, i).join('/'));
  return prefixes;
}

/**
 * The patterns of a `.dockerignore` text, as ignorefile.ReadAll reads them: a byte-order mark
 * dropped, `#` lines skipped, blank lines dropped, each pattern cleaned and made relative
 * (`/bin` is `bin`), `!` kept in front.
 */
export function readDockerignore(text: string): string[] {
  const patterns: string[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    let line = index === 0 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.startsWith('#')) continue;
    let pattern = line.trim();
    if (pattern === '') continue;
    const invert = pattern.startsWith('!');
    if (invert) pattern = pattern.slice(1).trim();
    if (pattern) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern.startsWith('/')) pattern = pattern.slice(1);
    }
    patterns.push(invert ? `!${pattern}` : pattern);
  }
  return patterns;
}

/**
 * Whether the Docker CLI leaves a context path (relative, `/`-separated) out of the context: it or
 * one of its folders matches, and no later `!` pattern takes it back. A pattern that does not
 * compile (which fails the build) excludes nothing here.
 */
export function dockerignoreMatcher(patterns: string[]): (path: string) => boolean {
  let matcher: PatternMatcher;
  try {
    matcher = new PatternMatcher(patterns);
    // Patterns compile on first use: try each once, so a bad one fails here and not per path.
    for (const pattern of matcher.patterns) pattern.match('.');
  } catch {
    return () => false;
  }
  return (path) => matcher.matchesOrParentMatches(cleanPath(path.replace(/^\/+/, '')));
}

/** fsutil's patternWithoutTrailingGlob: `dir/**` and `dir/*` both name `dir`. */
export function withoutTrailingGlob(pattern: Pattern): string {
  let text = pattern.text;
  if (text.endsWith('/**')) text = text.slice(0, -3);
  if (text.endsWith('/*')) text = text.slice(0, -2);
  return text;
}
