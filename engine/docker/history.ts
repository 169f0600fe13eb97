// Turning `docker history` into layers: readable instruction text, and which history entries own
// a filesystem layer (RootFS.Layers lists only those, bottom first).

/** The Dockerfile keyword of a cleaned `createdBy` ("RUN", "COPY", …), or "" when unknown. */
export function instructionOf(createdBy: string): string {
  const match = /^([A-Z]+)\b/.exec(createdBy);
  return match ? match[1] : '';
}

const METADATA_ONLY = new Set(['ENV', 'LABEL', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'ARG', 'USER', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL', 'ONBUILD', 'VOLUME', 'MAINTAINER']);

/** Instructions that only change image config and never write a layer. */
function isMetadataOnly(createdBy: string): boolean {
  return METADATA_ONLY.has(instructionOf(createdBy));
}

/** Dockerfile keywords a builder writes at the start of `created_by`. */
const KEYWORDS = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/** One history entry read as the instruction that made it. */
export interface CreatedBy {
  /** `RUN`, `COPY`, `ENV`, … */
  keyword: string;
  /** The arguments as the Dockerfile line would read them (build args and the shell prefix removed). */
  args: string;
  /** Classic builder COPY/ADD: the sources are recorded as a content hash, only `args`' destination is real. */
  hashedSource: boolean;
}

/**
 * Reads `created_by` the way both builders write it:
 *  - BuildKit: "RUN |2 A=1 B=2 /bin/sh -c make # buildkit" → RUN `make`; "COPY . /src # buildkit" → COPY `. /src`
 *  - classic: "/bin/sh -c #(nop)  ENV X=1" → ENV `X=1`; "|1 V=2 /bin/sh -c make" → RUN `make`;
 *    "/bin/sh -c #(nop) COPY file:8582af4d…(64 hex) in /f" → COPY `file:8582af4daeaf /f` (hashed source);
 *    exec-form "/bin/busybox --install -s /bin" → RUN `/bin/busybox --install -s /bin`.
 */
export function parseCreatedBy(raw: string): CreatedBy {
  let text = raw.trim().replace(/\s*#\s*buildkit$/, '');
  const nop = /^\/bin\/sh -c #\(nop\)\s*/.exec(text);
  if (nop) text = text.slice(nop[0].length).trim();
  const keyword = instructionOf(text);
  if (keyword && keyword !== 'RUN' && (nop || KEYWORDS.has(keyword))) {
    const args = tidyExpose(keyword, tidyCopy(keyword, text.slice(keyword.length).trim()));
    const hashedSource = (keyword === 'COPY' || keyword === 'ADD') && /^(?:--\S+\s+)*(?:file|dir|multi):[0-9a-f]+\s/.test(args);
    return { keyword, args, hashedSource };
  }
  // RUN, with or without its keyword (the classic builder records RUN without it).
  if (keyword === 'RUN') text = text.slice(3).trim();
  text = stripBuildArgs(text);
  const shell = /^(\/bin\/sh|\/bin\/bash|sh|bash) -c /.exec(text);
  if (shell) text = text.slice(shell[0].length);
  if (/^cmd \/S \/C /.test(text)) text = text.slice('cmd /S /C '.length);
  return { keyword: 'RUN', args: text.trim(), hashedSource: false };
}

/** `created_by` as the Dockerfile line it came from, e.g. "RUN make", "COPY file:8582af4daeaf /f". */
export function cleanCreatedBy(raw: string): string {
  const { keyword, args } = parseCreatedBy(raw);
  return args ? `${keyword} ${args}` : keyword;
}

/**
 * The build arguments a RUN entry records ("|2 A=1 B=x /bin/sh -c …", both builders, optionally
 * after BuildKit's `RUN `): the values the build used, e.g. from `--build-arg`.
 */
export function recordedBuildArgs(raw: string): Array<[string, string]> {
  const text = raw.trim().replace(/^RUN\s+/, '');
  const count = /^\|(\d+)\s+/.exec(text);
  if (!count) return [];
  const pairs: Array<[string, string]> = [];
  let rest = text.slice(count[0].length);
  for (let i = 0; i < Number(count[1]); i++) {
    const pair = /^([A-Za-z_][A-Za-z0-9_]*)=(\S*)\s*/.exec(rest);
    if (!pair) break;
    pairs.push([pair[1], pair[2]]);
    rest = rest.slice(pair[0].length);
  }
  return pairs;
}

/**
 * What a history entry shows: the instruction, or for an entry without one (a `docker import`ed
 * or squashed layer: empty created_by) what it is, from its comment — never a bare "RUN".
 */
export function describeCreatedBy(raw: string, comment: string): string {
  if (raw.trim()) return cleanCreatedBy(raw);
  const imported = /^Imported from (.*)$/i.exec(comment.trim());
  if (imported) return `(imported layer, no instruction: docker import from ${imported[1] === '-' ? 'a tar stream' : imported[1]})`;
  return comment.trim() ? `(no instruction recorded: ${comment.trim()})` : '(no instruction recorded)';
}

/** "|2 A=1 B=x y …" — the count says how many NAME=value build args precede the command. */
function stripBuildArgs(text: string): string {
  const count = /^\|(\d+)\s+/.exec(text);
  if (!count) return text;
  let rest = text.slice(count[0].length);
  for (let i = 0; i < Number(count[1]); i++) {
    // Values are not quoted; a value ends at the next space (Docker joins the pairs with spaces).
    const pair = /^[A-Za-z_][A-Za-z0-9_]*=\S*\s*/.exec(rest);
    if (!pair) break;
    rest = rest.slice(pair[0].length);
  }
  return rest;
}

/**
 * Classic builder: "file:<64 hex> in /dest" → "file:<12 hex> /dest". It writes `--chown` flush
 * against the source ("--chown=1:1file:<hex> in /dest"): the space goes back in.
 */
function tidyCopy(keyword: string, args: string): string {
  if (keyword !== 'COPY' && keyword !== 'ADD') return args;
  return args.replace(/^(--chown=\S*?)((?:file|dir|multi):[0-9a-f]{64} in )/, '$1 $2').replace(/^((?:--\S+ )*(?:file|dir|multi):[0-9a-f]{12})[0-9a-f]{52} in /, '$1 ');
}

/** BuildKit records EXPOSE as Go prints a map: "map[8080/tcp:{} 53/udp:{}]" → "8080/tcp 53/udp". */
function tidyExpose(keyword: string, args: string): string {
  const map = keyword === 'EXPOSE' ? /^map\[(.*)\]$/.exec(args) : null;
  return map ? map[1].split(/\s+/).map((port) => port.replace(/:\{\}$/, '')).filter(Boolean).join(' ') : args;
}

export interface HistoryEntryLike { CreatedBy: string; Size: number }

/**
 * Which history entries (oldest first) own a layer. The Engine API's history omits the config's
 * `empty_layer` flag, so we infer it: a non-zero size always means a layer, metadata instructions
 * never do, and the remaining zero-size entries (a RUN that only deletes, a WORKDIR) are layers
 * unless that would exceed RootFS.Layers — then the ones least likely to write are dropped, from
 * the top. Returns for each entry the index into RootFS.Layers, or -1 for an empty entry.
 * Entries beyond what history explains (imported images) are reported via `unexplained`.
 */
export function pairHistoryWithLayers(entries: HistoryEntryLike[], layerCount: number): { layerIndex: number[]; unexplained: number } {
  const candidate = entries.map((entry) => entry.Size > 0 || !isMetadataOnly(cleanCreatedBy(entry.CreatedBy)));
  let excess = candidate.filter(Boolean).length - layerCount;
  const demote = (accept: (entry: HistoryEntryLike) => boolean) => {
    for (let i = entries.length - 1; i >= 0 && excess > 0; i--) {
      if (candidate[i] && entries[i].Size === 0 && accept(entries[i])) {
        candidate[i] = false;
        excess--;
      }
    }
  };
  demote((entry) => !['RUN', 'COPY', 'ADD'].includes(instructionOf(cleanCreatedBy(entry.CreatedBy))));
  demote(() => true);
  // Still too many candidates (all with a size): pair from the top, the bottom ones stay unpaired.
  const layerIndex = new Array<number>(entries.length).fill(-1);
  let next = layerCount - 1;
  for (let i = entries.length - 1; i >= 0; i--) {
    if (candidate[i] && next >= 0) layerIndex[i] = next--;
  }
  return { layerIndex, unexplained: next + 1 };
}
