// Finding the image reference of a FROM line and pinning it to a digest. Pure, so the exact
// text edits are unit-tested; the hover and the code action share it.

export interface FromReference {
  /** The reference as written (`golang:1.22`, `${BASE}`). */
  text: string;
  /** After substituting ARG defaults declared before the first FROM; undefined if unresolved. */
  resolved?: string;
  /** 0-based columns of `text` on its line. */
  start: number;
  end: number;
  /** Lower-cased `AS` name, if any. */
  stageName?: string;
}

/** Reads `FROM [--flag=…]… image [AS name]` on one line; undefined when it is not a FROM line. */
export function parseFromLine(line: string, globalArgs: ReadonlyMap<string, string> = new Map()): FromReference | undefined {
  const match = /^(\s*FROM\s+)((?:--\S+\s+)*)(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
  if (!match) return undefined;
  const start = match[1].length + match[2].length;
  const text = match[3];
  return { text, resolved: substituteArgs(text, globalArgs), start, end: start + text.length, stageName: match[4]?.toLowerCase() };
}

/** `${NAME}`, `${NAME:-default}` and `$NAME` from the given ARG defaults; undefined if one is missing. */
export function substituteArgs(text: string, args: ReadonlyMap<string, string>): string | undefined {
  let missing = false;
  const result = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const name = braced ?? bare ?? '';
    const value = args.get(name) || fallback;
    if (value === undefined || value === '') missing = true;
    return value ?? '';
  });
  return missing ? undefined : result;
}

/** ARG defaults declared before the first FROM (the only ones a FROM can use). */
export function globalArgDefaults(text: string): Map<string, string> {
  const args = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*FROM\s/i.test(line)) break;
    const arg = /^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=("[^"]*"|'[^']*'|\S*))?/i.exec(line);
    if (arg) args.set(arg[1], (arg[2] ?? '').replace(/^["']|["']$/g, ''));
  }
  return args;
}

/** Earlier stage names, so `FROM builder` is not mistaken for an image. */
export function stageNamesBefore(text: string, line: number): Set<string> {
  const names = new Set<string>();
  text.split(/\r?\n/).slice(0, line).forEach((candidate) => {
    const stage = parseFromLine(candidate);
    if (stage?.stageName) names.add(stage.stageName);
  });
  return names;
}

export interface ParsedReference {
  /** Repository normalized the way the daemon does (`docker.io/library/golang`). */
  repository: string;
  tag?: string;
  digest?: string;
}

export function parseReference(reference: string): ParsedReference {
  const [nameAndTag, digest] = reference.split('@', 2);
  const lastSlash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  const hasTag = colon > lastSlash;
  const name = hasTag ? nameAndTag.slice(0, colon) : nameAndTag;
  const tag = hasTag ? nameAndTag.slice(colon + 1) : undefined;
  return { repository: normalizeRepository(name), tag, digest };
}

/** Docker Hub's names that the daemon records as `docker.io` (as distribution/reference does). */
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io']);

export function normalizeRepository(name: string): string {
  const lower = name.toLowerCase();
  const slash = lower.indexOf('/');
  const first = name.slice(0, Math.max(slash, 0));
  const hasRegistry = slash > 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const [registry, path] = hasRegistry ? [lower.slice(0, slash), lower.slice(slash + 1)] : ['docker.io', lower];
  // `docker.io/golang` is the official image, `docker.io/library/golang`, as the daemon records it.
  if (HUB_ALIASES.has(registry)) return `docker.io/${path.includes('/') ? path : `library/${path}`}`;
  return `${registry}/${path}`;
}

/**
 * The reference pinned to the digest the daemon recorded for the same repository
 * (`golang:1.22` → `golang:1.22@sha256:…`); undefined when the daemon has no such digest
 * (a locally built or loaded image), so no wrong pin is ever offered.
 */
export function pinnedReference(written: string, repoDigests: readonly string[]): string | undefined {
  const wanted = parseReference(written);
  if (wanted.digest) return undefined;
  for (const repoDigest of repoDigests) {
    const [repository, digest] = repoDigest.split('@', 2);
    if (digest && /^sha256:[0-9a-f]{64}$/.test(digest) && normalizeRepository(repository) === wanted.repository) {
      return `${written}@${digest}`;
    }
  }
  return undefined;
}

export interface PinEdit {
  /** 0-based columns of the reference on its line, to be replaced by `pinned`. */
  start: number;
  end: number;
  pinned: string;
  digest: string;
}

/**
 * What the pin action does to one FROM line, without the editor: the reference as written,
 * looked up in the daemon, pinned to its recorded digest. Undefined when there is nothing
 * honest to offer (not a FROM line, built from ARGs, unknown image, no repo digest).
 */
export async function pinEditFor(
  lineText: string,
  documentText: string,
  lookup: (reference: string) => Promise<{ repoDigests: readonly string[] } | undefined>,
): Promise<PinEdit | undefined> {
  const from = parseFromLine(lineText, globalArgDefaults(documentText));
  // A reference built from ARGs cannot be pinned by editing the FROM line alone.
  if (!from || from.resolved !== from.text) return undefined;
  const image = await lookup(from.text);
  const pinned = image && pinnedReference(from.text, image.repoDigests);
  if (!pinned) return undefined;
  return { start: from.start, end: from.end, pinned, digest: pinned.slice(pinned.lastIndexOf('@') + 1) };
}
