// go mod download / go build without BuildKit cache mounts on Go's module and build caches.
import { posix } from 'node:path';
import type { Finding, Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import type { GoInvocation } from '../go/invocations';
import { runMounts } from '../../dockerfile/mounts';
import { goCommandRange } from '../go/artifacts';
import { onGolangImage } from '../go/toolchain';
import type { Instruction } from '../../dockerfile/types';

interface Cache {
  kind: 'module cache' | 'build cache';
  /** Absolute directory, or null when it depends on a value unknown at lint time. */
  dir: string | null;
  /** Last path part a mount on an unknown location must end with. */
  suffix: string;
}

export const goCacheMount: Rule = {
  meta: {
    id: 'go-cache-mount', category: 'go', severity: 'info', aliases: [],
    description: 'go mod download / go build without BuildKit cache mounts on the module and build caches.',
    fixable: true,
  },
  check(ctx) {
    const byRun = new Map<Instruction, { first: GoInvocation; missing: Cache[] }>();
    for (const inv of ctx.goInvocations()) {
      const needed = cachesOf(ctx, inv);
      if (!needed.length) continue;
      const missing = needed.filter((cache) => !mounted(ctx, inv.instruction, cache));
      if (!missing.length) continue;
      const entry = byRun.get(inv.instruction) ?? { first: inv, missing: [] };
      for (const cache of missing) if (!entry.missing.some((m) => m.kind === cache.kind)) entry.missing.push(cache);
      byRun.set(inv.instruction, entry);
    }
    const findings: Finding[] = [];
    for (const [instruction, { first, missing }] of byRun) {
      const known = missing.filter((cache) => cache.dir !== null);
      const mounts = known.map((cache) => `--mount=type=cache,target=${cache.dir}`);
      findings.push({
        range: goCommandRange(first),
        message: `No cache mount on the Go ${missing.map((c) => c.kind).join(' and the ')}: when this layer is rebuilt, go ${first.subcommand} ${missing.some((c) => c.kind === 'module cache') ? 'downloads every module' : ''}${missing.length === 2 ? ' and ' : ''}${missing.some((c) => c.kind === 'build cache') ? 'recompiles every package' : ''} again.`,
        fixes: known.length === missing.length
          ? [{ title: `Add ${mounts.join(' ')}`, edits: [ctx.insertAt(instruction.keywordRange.end, ` ${mounts.join(' ')}`)], preferred: true }]
          : undefined,
      });
    }
    return findings;
  },
};

function cachesOf(ctx: RuleContext, inv: GoInvocation): Cache[] {
  const vendored = [...inv.flags].reverse().find((flag) => flag.name === 'mod')?.value === 'vendor'
    || /(^|\s)-mod=vendor(\s|$)/.test(inv.env.get('GOFLAGS')?.value ?? '');
  if (inv.subcommand === 'mod download') return [moduleCache(ctx, inv)];
  if (inv.subcommand !== 'build') return [];
  const caches = vendored ? [] : [moduleCache(ctx, inv)];
  if (inv.env.get('GOCACHE')?.value !== 'off') caches.push(buildCache(ctx, inv));
  return caches;
}

function value(inv: GoInvocation, name: string): string | null | undefined {
  const entry = inv.env.get(name);
  if (!entry) return undefined;
  return entry.value === null || entry.value.includes('$') ? null : entry.value;
}

function moduleCache(ctx: RuleContext, inv: GoInvocation): Cache {
  const suffix = 'mod';
  const explicit = value(inv, 'GOMODCACHE');
  if (explicit !== undefined) return { kind: 'module cache', dir: explicit, suffix };
  const gopath = value(inv, 'GOPATH');
  if (gopath !== undefined) return { kind: 'module cache', dir: gopath === null ? null : posix.join(gopath.split(':')[0], 'pkg/mod'), suffix };
  if (onGolangImage(inv.stage)) return { kind: 'module cache', dir: '/go/pkg/mod', suffix };
  const dir = homeDir(ctx, inv);
  return { kind: 'module cache', dir: dir === null ? null : posix.join(dir, 'go/pkg/mod'), suffix };
}

function buildCache(ctx: RuleContext, inv: GoInvocation): Cache {
  const suffix = 'go-build';
  const explicit = value(inv, 'GOCACHE');
  if (explicit !== undefined) return { kind: 'build cache', dir: explicit, suffix };
  const xdg = value(inv, 'XDG_CACHE_HOME');
  if (xdg !== undefined) return { kind: 'build cache', dir: xdg === null ? null : posix.join(xdg, 'go-build'), suffix };
  const dir = homeDir(ctx, inv);
  return { kind: 'build cache', dir: dir === null ? null : posix.join(dir, '.cache/go-build'), suffix };
}

/** $HOME during the RUN: an explicit HOME, else /root for root, else unknown. */
function homeDir(ctx: RuleContext, inv: GoInvocation): string | null {
  const explicit = value(inv, 'HOME');
  if (explicit !== undefined) return explicit;
  const user = ctx.model.stateAt(inv.instruction)?.user ?? null;
  return user === null || /^(root|0)(:|$)/.test(user) ? '/root' : null;
}

function mounted(ctx: RuleContext, instruction: Instruction, cache: Cache): boolean {
  return runMounts(instruction).some((mount) => {
    if (mount.type !== 'cache' || !mount.target) return false;
    const expanded = ctx.model.expand(mount.target, instruction);
    if (expanded.unresolved) return true;
    const target = posix.resolve(ctx.model.stateAt(instruction)?.workdir ?? '/', expanded.value);
    if (cache.dir === null) return posix.basename(target) === cache.suffix || target.endsWith(`/${cache.suffix}`);
    const wanted = posix.resolve(cache.dir);
    return target === wanted || wanted.startsWith(target + '/') || target.startsWith(wanted + '/');
  });
}
