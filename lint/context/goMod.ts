// The parts of go.mod the rules need: module path, `go` and `toolchain` directives (with lines).
export interface GoMod {
  module: string | null;
  /** `go 1.22` / `go 1.22.3`. */
  go: string | null;
  /** `toolchain go1.22.5` → `1.22.5`. */
  toolchain: string | null;
  /** The highest of go/toolchain: the minimum Go a builder image needs. */
  minimumGo: string | null;
}

export function parseGoMod(text: string): GoMod {
  let module: string | null = null;
  let go: string | null = null;
  let toolchain: string | null = null;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\/\/.*$/, '').trim();
    const match = /^(module|go|toolchain)\s+("?)([^"\s]+)\2$/.exec(line);
    if (!match) continue;
    if (match[1] === 'module') module = match[3];
    else if (match[1] === 'go' && /^\d+\.\d+(\.\d+)?/.test(match[3])) go = match[3];
    else if (match[1] === 'toolchain' && /^go\d+\.\d+/.test(match[3])) toolchain = match[3].slice(2);
  }
  const candidates = [go, toolchain?.replace(/[-+].*$/, '') ?? null].filter((v): v is string => v !== null);
  const minimumGo = candidates.sort(compareGoVersions).pop() ?? null;
  return { module, go, toolchain, minimumGo };
}

/** Compares `1.22`, `1.22.3`, `1.21rc2` numerically (pre-releases sort before the release). */
export function compareGoVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const match = /^(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta)(\d+))?/.exec(v);
    if (!match) return [0, 0, 0, 0];
    const pre = match[4] ? (match[4] === 'beta' ? -2000 : -1000) + Number(match[5]) : 0;
    return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0), pre];
  };
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}
