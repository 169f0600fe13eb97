// `RUN --mount=...` flags as data (type, target, from, id, ...).
import type { Flag, Instruction, Range } from './types';

export interface RunMount {
  /** `bind` when not written, as BuildKit defaults. */
  type: string;
  /** `target`/`dst`/`destination`. */
  target: string | null;
  from: string | null;
  id: string | null;
  source: string | null;
  options: ReadonlyMap<string, string | null>;
  flag: Flag;
  range: Range;
}

const TARGET_KEYS = ['target', 'dst', 'destination'];
const SOURCE_KEYS = ['source', 'src'];

export function runMounts(instruction: Instruction): RunMount[] {
  if (instruction.keyword !== 'RUN') return [];
  return instruction.flags.filter((flag) => flag.name === 'mount').map((flag) => {
    const options = new Map<string, string | null>();
    for (const option of flag.options) options.set(option.name.toLowerCase(), option.value);
    const pick = (keys: string[]) => keys.map((key) => options.get(key)).find((value) => value !== undefined) ?? null;
    return {
      type: (options.get('type') ?? 'bind') || 'bind',
      target: pick(TARGET_KEYS), from: options.get('from') ?? null, id: options.get('id') ?? null,
      source: pick(SOURCE_KEYS), options, flag, range: flag.range,
    };
  });
}

/** True when the RUN has a cache mount whose target is `path` or a parent/child of it. */
export function hasCacheMountOn(instruction: Instruction, path: string): boolean {
  const wanted = normalize(path);
  return runMounts(instruction).some((mount) => {
    if (mount.type !== 'cache' || !mount.target) return false;
    const target = normalize(mount.target);
    return target === wanted || wanted.startsWith(target + '/') || target.startsWith(wanted + '/');
  });
}

function normalize(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}

/**
 * True when what the RUN writes under `path` does not stay in the layer: a cache or tmpfs mount
 * on `path`, a parent or a child of it.
 */
export function hasScratchMountOn(instruction: Instruction, path: string): boolean {
  const wanted = normalize(path);
  return runMounts(instruction).some((mount) => {
    if ((mount.type !== 'cache' && mount.type !== 'tmpfs') || !mount.target) return false;
    const target = normalize(mount.target);
    return target === wanted || wanted.startsWith(target + '/') || target.startsWith(wanted + '/');
  });
}
