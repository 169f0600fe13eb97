// The source tree copied before modules are downloaded: every source edit re-downloads them all.
import { posix } from 'node:path';
import type { Finding, Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import { stageChain } from '../../dockerfile/stages';
import { copyPaths } from '../go/artifacts';
import { runMounts } from '../../dockerfile/mounts';
import type { GoInvocation } from '../go/invocations';
import type { Instruction } from '../../dockerfile/types';

/** Go commands that need the modules of go.mod. */
const NEEDS_MODULES = new Set(['build', 'install', 'mod download', 'test', 'run', 'vet', 'generate']);
/** Sources that bring the whole tree (or all Go files) of the context. */
const TREE_SOURCE = /^(\.\/?|\*|\.\/\*|(\.\/)?\*\.go)$/;

export const goModCacheOrder: Rule = {
  meta: {
    id: 'go-mod-cache-order', category: 'go', severity: 'warning', aliases: [],
    description: 'The source tree is copied before go mod download: every source edit re-downloads all modules.',
    fixable: true,
  },
  check(ctx) {
    if (!ctx.context.goMod() || ctx.context.exists('vendor/modules.txt')) return [];
    const flagged = new Map<Instruction, GoInvocation>();
    for (const inv of ctx.goInvocations()) {
      if (!NEEDS_MODULES.has(inv.subcommand) || usesVendor(inv) || mountsModuleCache(ctx, inv)) continue;
      const copy = sourceCopyBefore(ctx, inv);
      if (copy && !flagged.has(copy)) flagged.set(copy, inv);
    }
    const findings: Finding[] = [];
    const hasRequires = /^\s*require\b/m.test(ctx.context.readText('go.mod') ?? '');
    for (const [copy, inv] of flagged) {
      const paths = copyPaths(ctx.model, copy)!;
      const source = paths.sources.find((s) => TREE_SOURCE.test(s.word.value))!;
      findings.push({
        range: source.word.range,
        message: `The source tree is copied before the modules are downloaded: every edit of a source file invalidates this layer and \`go ${inv.subcommand}\` downloads all modules again${hasRequires ? '' : ' (as soon as go.mod requires any)'}. Copy ${ctx.context.hasGoSum() ? 'go.mod and go.sum' : 'go.mod'} first and run go mod download.`,
        related: [{ range: inv.instruction.range, message: `go ${inv.subcommand} needs the modules here.` }],
        fixes: fixFor(ctx, copy),
      });
    }
    return findings;
  },
};

function usesVendor(inv: GoInvocation): boolean {
  const mod = [...inv.flags].reverse().find((flag) => flag.name === 'mod')?.value;
  return mod === 'vendor' || (mod === undefined && /(^|\s)-mod=vendor(\s|$)/.test(inv.env.get('GOFLAGS')?.value ?? ''));
}

/** The first COPY of the whole source tree before `inv` in its stage chain, unless go.mod came earlier. */
function sourceCopyBefore(ctx: RuleContext, inv: GoInvocation): Instruction | null {
  const instructions = stageChain(inv.stage).flatMap((stage) => stage.instructions)
    .filter((instruction) => instruction.index < inv.instruction.index);
  for (const instruction of instructions) {
    if (instruction.keyword === 'RUN' && mountsGoMod(instruction)) return null;
    const paths = copyPaths(ctx.model, instruction);
    // A module cache copied from a download stage (`COPY --from=deps /go/pkg/mod /go/pkg/mod`).
    if (paths?.from && /\/pkg\/mod\/?$/.test(paths.dest?.path ?? '')) return null;
    if (!paths || paths.from || paths.instruction.flags.some((flag) => flag.name === 'from')) continue;
    const values = paths.sources.map((s) => s.word.value.replace(/^\.\//, ''));
    if (values.some((value) => value === 'go.mod' || /^go\.(\*|mod\*?)$/.test(value) || value === '*.mod')) return null;
    if (paths.sources.some((s) => TREE_SOURCE.test(s.word.value))) return instruction;
  }
  return null;
}

/** With a cache mount on the module cache, a rebuilt layer gets its modules from the mount. */
function mountsModuleCache(ctx: RuleContext, inv: GoInvocation): boolean {
  const gomodcache = inv.env.get('GOMODCACHE')?.value;
  return runMounts(inv.instruction).some((mount) => {
    if (mount.type !== 'cache' || !mount.target) return false;
    const target = ctx.model.expand(mount.target, inv.instruction).value.replace(/\/+$/, '');
    return target.endsWith('/pkg/mod') || target === gomodcache?.replace(/\/+$/, '');
  });
}

/** The pattern of Docker's Go guide: `RUN --mount=type=bind,source=go.mod,target=go.mod go mod download`. */
function mountsGoMod(instruction: Instruction): boolean {
  return runMounts(instruction).some((mount) => mount.type === 'bind' && !mount.from && (mount.source ?? '.').replace(/^\.\//, '') === 'go.mod');
}

function fixFor(ctx: RuleContext, copy: Instruction): Finding['fixes'] {
  const paths = copyPaths(ctx.model, copy);
  if (!paths?.dest) return undefined;
  const workdir = ctx.model.stateAt(copy)?.workdir ?? '/';
  const destRaw = paths.dest.word.value;
  const destDir = paths.dest.path;
  if (destDir === null) return undefined;
  const dest = destRaw === '.' || destRaw === './' ? './' : destRaw.endsWith('/') ? destRaw : `${destRaw}/`;
  const files = ctx.context.hasGoSum() ? 'go.mod go.sum' : 'go.mod';
  const ownership = copy.flags.filter((flag) => flag.name === 'chown' || flag.name === 'chmod').map((flag) => ctx.textOf(flag.range) + ' ').join('');
  const lower = copy.rawKeyword === copy.rawKeyword.toLowerCase();
  const kw = (keyword: string) => (lower ? keyword.toLowerCase() : keyword);
  const inWorkdir = posix.resolve(workdir) === posix.resolve(destDir);
  const copyGoMod = `${kw('COPY')} ${ownership}${files} ${dest}`;
  const title = `Copy ${files.replace(' ', ' and ')} and run go mod download before the source`;
  // A download already right after the source COPY moves up as written (cache mounts and all).
  const existing = inWorkdir ? standaloneDownloadAfter(ctx, copy) : null;
  const edits = existing
    ? [ctx.insertLinesBefore(copy, [copyGoMod, existing.text]), ctx.deleteInstruction(existing)]
    : [ctx.insertLinesBefore(copy, [copyGoMod, `${kw('RUN')} ${inWorkdir ? 'go mod download' : `cd ${destDir} && go mod download`}`])];
  return [{ title, edits, preferred: true, safe: true }];
}

/** The next instruction of the COPY's stage when it is a RUN of `go mod download` alone, in the same WORKDIR. */
function standaloneDownloadAfter(ctx: RuleContext, copy: Instruction): Instruction | null {
  const next = ctx.stageOf(copy)?.instructions.find((instruction) => instruction.index === copy.index + 1);
  if (next?.keyword !== 'RUN' || next.heredocs.length > 0) return null;
  if (ctx.model.stateAt(next)?.workdir !== ctx.model.stateAt(copy)?.workdir) return null;
  const commands = ctx.model.shellOf(next)?.commands ?? [];
  const invocations = ctx.goInvocations().filter((inv) => inv.instruction === next);
  const only = commands.length === 1 && invocations.length === 1 ? invocations[0] : null;
  return only?.subcommand === 'mod download' && only.command === commands[0]
    && only.command.assignments.length === 0 && only.command.redirects.length === 0 ? next : null;
}
