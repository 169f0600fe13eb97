// Turning `docker history` into layers: readable instruction text, and which history entries own
// a filesystem layer (RootFS.Layers lists only those, bottom first).

/** The Dockerfile keyword of a cleaned `createdBy` ("RUN", "COPY", …), or "" when unknown. */
export function instructionOf(createdBy: string): string {
  const match = /^([A-Z]+)\b/.exec(createdBy);
  return match ? match[1] : '';
}

const METADATA_ONLY = new Set(['ENV', 'LABEL', 'CMD', 'ENTRYPOINT', 'EXPOSE', 'ARG', 'USER', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL', 'ONBUILD', 'VOLUME', 'MAINTAINER']);

/** Instructions that only change image config and never write a layer. */
export function isMetadataOnly(createdBy: string): boolean {
  return METADATA_ONLY.has(instructionOf(createdBy));
}

/**
 * Makes `created_by` read like the Dockerfile line that produced it:
 *  - BuildKit: "RUN |2 A=1 B=2 /bin/sh -c make # buildkit" → "RUN make"; "COPY . /src # buildkit" → "COPY . /src"
 *  - classic: "/bin/sh -c #(nop)  ENV X=1" → "ENV X=1"; "|1 V=2 /bin/sh -c make" → "RUN make";
 *    "/bin/sh -c #(nop) COPY file:8582af4d…(64 hex) in /f" → "COPY file:8582af4daeaf /f";
 *    exec-form "/bin/busybox --install -s /bin" → "RUN /bin/busybox --install -s /bin".
 */
export function cleanCreatedBy(raw: string): string {
  let text = raw.trim().replace(/\s*# buildkit$/, '');
  const nop = /^\/bin\/sh -c #\(nop\)\s*/.exec(text);
  if (nop) return tidyCopy(text.slice(nop[0].length).trim());
  const keyword = instructionOf(text);
  if (keyword && keyword !== 'RUN') return tidyCopy(text);
  if (keyword === 'RUN') text = text.slice(3).trim();
  text = stripBuildArgs(text);
  const shell = /^(\/bin\/sh|\/bin\/bash|sh|bash) -c /.exec(text);
  if (shell) text = text.slice(shell[0].length);
  if (/^cmd \/S \/C /.test(text)) text = text.slice('cmd /S /C '.length);
  return text ? `RUN ${text.trim()}` : 'RUN';
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

/** Classic builder: "COPY file:<64 hex> in /dest" → "COPY file:<12 hex> /dest". */
function tidyCopy(text: string): string {
  return text.replace(/^(COPY|ADD) (?:--\S+ )*((?:file|dir|multi):[0-9a-f]{12})[0-9a-f]{52} in /, '$1 $2 ');
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
