// go mod download / go build without BuildKit cache mounts on Go's module and build caches.
import { posix } from 'node:path';
import type { Finding, Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import type { GoInvocation } from '../go/invocations';
import { runMounts } from '../../dockerfile/mounts';
import { goCommandRange, invocationsInChain } from '../go/artifacts';
import { moduleState, requiredModules } from '../go/module';
import { stageChain } from '../../dockerfile/stages';
import { goModuleMode, onGolangImage } from '../go/toolchain';
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
    const invocations = ctx.goInvocations();
    const vendoredContext = ctx.context.exists('vendor/modules.txt');
    const noRequires = goModWithoutRequires(ctx);
    /** Per invocation: the caches it uses that no cache mount of its RUN covers. */
    const unmounted = new Map<GoInvocation, Cache[]>();
    for (const inv of invocations) {
      const needed = cachesOf(ctx, inv, vendoredContext, noRequires);
      unmounted.set(inv, needed.filter((cache) => !mounted(ctx, inv.instruction, cache)));
    }
    const byRun = new Map<Instruction, { first: GoInvocation; missing: Cache[] }>();
    const findings: Finding[] = [];
    for (const inv of invocations) {
      const vendored = vendoredDownload(ctx, inv, vendoredContext);
      if (vendored) { findings.push(vendored); continue; }
      for (const cache of unmounted.get(inv)!) {
        // An earlier layer of the stage chain already holds this cache: not a re-download, and a
        // mount here would hide it. The finding (and fix) belongs to that earlier RUN.
        if (fillerOf(invocations, unmounted, inv, cache)) continue;
        const entry = byRun.get(inv.instruction) ?? { first: inv, missing: [] };
        if (!entry.missing.some((m) => m.kind === cache.kind)) entry.missing.push(cache);
        byRun.set(inv.instruction, entry);
      }
    }
    for (const [instruction, { first, missing }] of byRun) {
      // Later RUNs of the chain that use the caches this RUN leaves in its layer: they need the same mounts.
      const later = laterUsers(invocations, unmounted, first, missing);
      const known = missing.filter((cache) => cache.dir !== null);
      const mounts = known.map((cache) => `--mount=type=cache,target=${cache.dir}`);
      const effects = [
        missing.some((c) => c.kind === 'module cache') ? 'downloads every module' : null,
        missing.some((c) => c.kind === 'build cache') ? 'recompiles every package' : null,
      ].filter(Boolean).join(' and ');
      const edits = [ctx.insertAt(instruction.keywordRange.end, ` ${mounts.join(' ')}`)];
      for (const [run, caches] of later) {
        const extra = caches.filter((cache) => cache.dir !== null && known.some((k) => k.dir === cache.dir)).map((cache) => `--mount=type=cache,target=${cache.dir}`);
        if (extra.length) edits.push(ctx.insertAt(run.keywordRange.end, ` ${extra.join(' ')}`));
      }
      findings.push({
        range: goCommandRange(first),
        message: `No cache mount on the Go ${missing.map((c) => c.kind).join(' and the ')}: when this layer is rebuilt, go ${first.subcommand} ${effects} again.`
          + (later.size ? ' Later RUNs use what this layer leaves there, so they need the same mount.' : ''),
        related: later.size ? [...later.keys()].map((run) => ({ range: run.keywordRange, message: 'uses the cache this RUN fills' })) : undefined,
        fixes: known.length === missing.length
          ? [{ title: later.size ? `Add ${mounts.join(' ')} here and on the later RUNs that use it` : `Add ${mounts.join(' ')}`, edits, preferred: true }]
          : undefined,
      });
    }
    return findings;
  },
};

/** Same cache location (or both unknown with the same suffix). */
function sameCache(a: Cache, b: Cache): boolean {
  return a.kind === b.kind && a.dir === b.dir;
}

/** The earlier go command of the stage chain that left `cache` in a layer (ran without a mount on it). */
function fillerOf(invocations: readonly GoInvocation[], unmounted: ReadonlyMap<GoInvocation, Cache[]>, inv: GoInvocation, cache: Cache): GoInvocation | null {
  for (const earlier of invocationsInChain(invocations, inv.stage)) {
    if (earlier.instruction.index >= inv.instruction.index) break;
    if (unmounted.get(earlier)!.some((c) => sameCache(c, cache))) return earlier;
  }
  return null;
}

/** Later RUNs (with the caches they miss) whose cache comes from the layer of `first`'s RUN. */
function laterUsers(invocations: readonly GoInvocation[], unmounted: ReadonlyMap<GoInvocation, Cache[]>, first: GoInvocation, missing: Cache[]): Map<Instruction, Cache[]> {
  const result = new Map<Instruction, Cache[]>();
  for (const inv of invocations) {
    if (inv.instruction.index <= first.instruction.index) continue;
    for (const cache of unmounted.get(inv)!) {
      if (!missing.some((m) => sameCache(m, cache))) continue;
      const filler = fillerOf(invocations, unmounted, inv, cache);
      if (filler?.instruction !== first.instruction) continue;
      const caches = result.get(inv.instruction) ?? [];
      if (!caches.some((c) => sameCache(c, cache))) caches.push(cache);
      result.set(inv.instruction, caches);
    }
  }
  return result;
}

/** `go mod download` for a vendored module: it fetches what the build never reads. */
function vendoredDownload(ctx: RuleContext, inv: GoInvocation, vendoredContext: boolean): Finding | null {
  if (inv.subcommand !== 'mod download' || inv.packages.length) return null;
  const flag = /(^|\s)-mod=(\w+)/.exec(inv.env.get('GOFLAGS')?.value ?? '')?.[2];
  const vendored = flag === 'vendor' || (flag === undefined && vendoredContext && copiesContext(ctx, inv));
  if (!vendored) return null;
  const offline = inv.env.get('GOPROXY')?.value === 'off';
  return {
    range: goCommandRange(inv),
    severity: offline ? 'error' : 'info',
    message: offline
      ? 'The module is vendored and GOPROXY=off: go mod download cannot fetch anything and stops the build. The build uses vendor/; drop go mod download.'
      : 'The module is vendored: go mod download fetches modules the build never reads (it uses vendor/), and fails where the build has no network. Drop it.',
  };
}

/** True when the stage chain copied the whole build context (so vendor/ came along). */
function copiesContext(ctx: RuleContext, inv: GoInvocation): boolean {
  return stageChain(inv.stage).some((stage) => stage.instructions.some((i) => i.index < inv.instruction.index
    && (i.keyword === 'COPY' || i.keyword === 'ADD') && !i.flags.some((flag) => flag.name === 'from')
    && i.args.slice(0, -1).some((word) => /^\.?\/?$|^vendor\/?$/.test(word.value))));
}

/** The context's go.mod requires no module: there is nothing to download or cache. */
function goModWithoutRequires(ctx: RuleContext): boolean {
  return ctx.context.goMod() !== null && requiredModules(ctx.context).length === 0;
}

function cachesOf(ctx: RuleContext, inv: GoInvocation, vendoredContext: boolean, noRequires: boolean): Cache[] {
  const goflags = inv.env.get('GOFLAGS')?.value ?? '';
  const modFlag = [...inv.flags].reverse().find((flag) => flag.name === 'mod')?.value ?? /(^|\s)-mod=(\w+)/.exec(goflags)?.[2];
  // -mod=vendor, or a vendor/ directory copied in (the default since Go 1.14 when it is there).
  const vendored = modFlag === 'vendor' || (modFlag === undefined && vendoredContext && copiesContext(ctx, inv));
  // GOPATH mode, or no go.mod in reach (`go build main.go` of the standard library): no modules.
  const state = moduleState(ctx.model, ctx.context, inv);
  const gopath = goModuleMode(inv, state === 'module') === 'gopath';
  const modules = !vendored && !gopath && !noRequires && state !== 'none';
  if (inv.subcommand === 'mod download') return modules ? [moduleCache(ctx, inv)] : [];
  if (inv.subcommand !== 'build') return [];
  const caches = modules ? [moduleCache(ctx, inv)] : [];
  // -a rebuilds every package whatever the build cache holds.
  const all = inv.flags.some((flag) => flag.name === 'a' && flag.value !== 'false') || /(^|\s)-a(\s|$)/.test(goflags);
  if (inv.env.get('GOCACHE')?.value !== 'off' && !all) caches.push(buildCache(ctx, inv));
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
  // An image not known here (`FROM ${builder_image}`): GOPATH may be anything; a mount on any .../pkg/mod counts.
  if (stageChain(inv.stage)[0].image.unresolved) return { kind: 'module cache', dir: null, suffix };
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
