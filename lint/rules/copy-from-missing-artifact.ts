// COPY --from=builder of a binary path the builder's only `go build -o` does not write.
import { posix } from 'node:path';
import type { Finding, Fix, Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import { binaryName, type GoInvocation } from '../go/invocations';
import { stageChain, stageName } from '../../dockerfile/stages';
import { runtimeWorkdir } from '../util/stageFiles';
import { copyPaths, goCommandRange, invocationsInChain, sourceCovers, type CopyPaths } from '../go/artifacts';
import type { Instruction, Stage } from '../../dockerfile/types';

/** RUN commands that cannot put an executable at an arbitrary path. */
const HARMLESS = new Set([
  'go', 'apk', 'apt-get', 'apt', 'yum', 'dnf', 'microdnf', 'git', 'echo', 'printf', 'mkdir', 'chmod', 'chown', 'rm',
  'cd', 'export', 'set', 'true', 'test', '[', 'ls', 'cat', 'addgroup', 'adduser', 'useradd', 'groupadd',
  'update-ca-certificates', 'upx', 'strip', 'file', 'ldd',
]);
const PACKAGE_MANAGERS = new Set(['apk', 'apt-get', 'apt', 'yum', 'dnf', 'microdnf']);
const SYSTEM_DIR = /^\/(usr|bin|sbin|lib|lib64|etc|opt|var)\//;
const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export const copyFromMissingArtifact: Rule = {
  meta: {
    id: 'copy-from-missing-artifact', category: 'stages', severity: 'warning', aliases: [],
    description: "COPY --from=builder of a path the builder's go build does not write: the build fails or copies a stale file.",
    fixable: true,
  },
  check(ctx) {
    const invocations = ctx.goInvocations();
    const findings: Finding[] = [];
    const builds = new Map<Stage, GoInvocation | null>();
    for (const stage of ctx.model.stages) {
      for (const instruction of stage.instructions) {
        const copy = copyPaths(ctx.model, instruction);
        if (!copy?.from || copy.from === stage || !copy.dest) continue;
        if (!builds.has(copy.from)) builds.set(copy.from, onlyBuild(ctx, invocations, copy.from));
        const build = builds.get(copy.from);
        if (!build?.output) continue;
        const out = build.output.path;
        for (const source of copy.sources) {
          if (source.path === null || sourceCovers(source.path, out)) continue;
          const src = posix.resolve('/', source.path);
          if (/[*?[]/.test(src) || !meantAsBinary(ctx, stage, copy, src, build)) continue;
          findings.push({
            range: source.word.range,
            message: `The ${stageName(copy.from)} stage builds its binary at ${out}, not ${src}: the build fails with "${src}": not found (or copies a stale file).`,
            related: [{ range: build.output.word?.range ?? goCommandRange(build), message: `go build writes ${out}.` }],
            fixes: fixOf(ctx, copy, source.word, src, out),
          });
        }
      }
    }
    return findings;
  },
};

/** The single binary the stage chain produces, when nothing else could have produced files. */
function onlyBuild(ctx: RuleContext, invocations: readonly GoInvocation[], from: Stage): GoInvocation | null {
  const chain = stageChain(from);
  const producing = invocationsInChain(invocations, from).filter((inv) => inv.output !== null);
  if (producing.length !== 1 || producing[0].subcommand !== 'build' || producing[0].output!.path.includes('$')) return null;
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && (instruction.flags.some((f) => f.name === 'from') || /:\/\//.test(instruction.text))) return null;
      if (instruction.keyword !== 'RUN') continue;
      const script = ctx.model.shellOf(instruction);
      if (!script) return null;
      if (script.commands.some((command) => command.effective.name !== null && !HARMLESS.has(command.effective.name))) return null;
    }
  }
  return producing[0];
}

/** Evidence the copied file is the binary: the stage runs it, or it has go build's default name. */
function meantAsBinary(ctx: RuleContext, into: Stage, copy: CopyPaths, src: string, build: GoInvocation): boolean {
  const chain = stageChain(copy.from!);
  const installs = chain.some((stage) => stage.instructions.some((i) => ctx.model.shellOf(i)?.commands.some((c) => PACKAGE_MANAGERS.has(c.effective.name ?? ''))));
  if (SYSTEM_DIR.test(src) && (installs || !chain[0].runtime.golang)) return false;
  if (fromContext(ctx, chain, src)) return false;
  if (destinationsOf(copy, src).some((dest) => runs(ctx, into, dest))) return true;
  const pkg = build.packages[0]?.value ?? '.';
  const defaultName = binaryName(pkg, ctx.model.stateAt(build.instruction)?.workdir ?? '/', ctx.context.goMod()?.module ?? null);
  return build.output?.word !== null && defaultName !== null && posix.basename(src) === defaultName;
}

/** True when a COPY of the build context into the chain could have brought `src` along. */
function fromContext(ctx: RuleContext, chain: Stage[], src: string): boolean {
  for (const stage of chain) {
    for (const instruction of stage.instructions) {
      const copy = copyPaths(ctx.model, instruction);
      if (!copy || copy.from || !copy.dest?.path) continue;
      const dest = copy.dest.path;
      for (const source of copy.sources) {
        if (source.path === null) return true;
        const bases = /^\.?\/?$/.test(source.path) ? [dest] : destinationsOf(copy, source.path);
        for (const base of bases) {
          if (src !== base && !src.startsWith(base + '/')) continue;
          const relative = posix.join(source.path, posix.relative(base, src)).replace(/^\.?\//, '');
          if (ctx.context.exists(relative)) return true;
        }
      }
    }
  }
  return false;
}

/** True when the stage's ENTRYPOINT (or CMD) program is `path`. */
function runs(ctx: RuleContext, stage: Stage, path: string): boolean {
  const instructions = stageChain(stage).flatMap((s) => s.instructions);
  const pick = (keyword: string) => [...instructions].reverse().find((i) => i.keyword === keyword);
  const instruction: Instruction | undefined = pick('ENTRYPOINT') ?? pick('CMD');
  if (!instruction) return false;
  const program = instruction.form === 'json' ? instruction.json?.[0]?.value : ctx.model.shellOf(instruction)?.commands[0]?.argv[0]?.value;
  if (!program) return false;
  if (!program.includes('/')) return PATH_DIRS.some((dir) => posix.join(dir, program) === path);
  return posix.resolve(runtimeWorkdir(ctx.model, stage), program) === path;
}

/** Where a COPY puts `source`: inside the destination directory, or the destination itself. */
function destinationsOf(copy: CopyPaths, source: string): string[] {
  const dest = copy.dest?.path;
  if (!dest) return [];
  return [copy.dest!.isDir ? posix.join(dest, posix.basename(source)) : dest];
}

function fixOf(ctx: RuleContext, copy: CopyPaths, word: CopyPaths['sources'][number]['word'], src: string, out: string): Fix[] | undefined {
  const edits = copy.sources.length === 1 ? fixEdits(ctx, copy, word, src, out) : null;
  return edits ? [{ title: `Copy ${out}`, edits, preferred: true }] : undefined;
}

function fixEdits(ctx: RuleContext, copy: CopyPaths, word: CopyPaths['sources'][number]['word'], src: string, out: string) {
  const edits = [ctx.replace(word.range, out)];
  const dest = copy.dest!;
  if (dest.isDir && posix.basename(src) !== posix.basename(out)) {
    // Into a directory the file would take the build output's name: name the destination.
    const raw = dest.word.value;
    const named = raw === '.' || raw === './' ? `./${posix.basename(src)}` : `${raw.replace(/\/?$/, '/')}${posix.basename(src)}`;
    edits.push(ctx.replace(dest.word.range, named));
  }
  return edits;
}
