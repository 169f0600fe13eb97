// A cgo-linked Go binary copied into a runtime without (the right) C library does not start.
import type { Finding, Rule, Severity } from '../rule';
import { artifactCopies, goCommandRange, type ArtifactCopy } from '../go/artifacts';
import { cgoState, linksStatically, onMusl } from '../go/toolchain';
import type { GoInvocation } from '../go/invocations';
import type { RuleContext } from '../ruleContext';
import { stageChain } from '../../dockerfile/stages';
import type { Stage } from '../../dockerfile/types';

export const goCgoStaticRuntime: Rule = {
  meta: {
    id: 'go-cgo-static-runtime', category: 'go', severity: 'error', aliases: [],
    severityNote: 'error into scratch or distroless/static; warning into Alpine (musl); info when only a compiler-less Alpine builder keeps cgo off',
    description: 'go build without CGO_ENABLED=0 whose binary is copied into scratch, distroless/static or Alpine: it fails to start.',
    fixable: true,
  },
  check(ctx) {
    const invocations = ctx.goInvocations();
    const byBuild = new Map<GoInvocation, ArtifactCopy[]>();
    for (const copy of artifactCopies(ctx.model, invocations)) {
      const runtime = copy.into.runtime;
      if (!runtime.staticOnly && !runtime.musl) continue;
      // A musl binary (Alpine builder) runs on an Alpine runtime, and so does a glibc one where
      // the runtime installs a glibc compatibility layer (gcompat, libc6-compat).
      if (!runtime.staticOnly && (onMusl(copy.build.stage) || installsGlibcCompat(ctx, copy.into))) continue;
      byBuild.set(copy.build, [...(byBuild.get(copy.build) ?? []), copy]);
    }
    const findings: Finding[] = [];
    for (const [build, copies] of byBuild) {
      const finding = findingFor(ctx, build, copies);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

function findingFor(ctx: RuleContext, build: GoInvocation, copies: ArtifactCopy[]): Finding | null {
  const state = cgoState(ctx.model, build);
  if (state === 'off' || state === 'unknown' || linksStatically(build)) return null;
  // With cgo on, Go links the C library only for packages that need it: a program whose copied
  // sources we can all read, importing none of them, is a static binary and starts anywhere.
  if (state !== 'on' && !mayLinkLibc(ctx, build.stage)) return null;
  const worst = copies.find((copy) => copy.into.runtime.staticOnly) ?? copies[0];
  const runtimeName = worst.into.image.resolved || 'the runtime image';
  const related = copies.map((copy) => ({ range: copy.source.range, message: `The binary is copied into ${copy.into.image.resolved} here.` }));
  const prefix = ctx.insertAt(build.command.argv[0].range.start, 'CGO_ENABLED=0 ');
  const range = goCommandRange(build);
  if (state === 'default-off') {
    return {
      range, severity: 'info', related,
      message: `cgo is off here only because this Alpine builder has no C compiler; make CGO_ENABLED=0 explicit so that installing gcc later does not break the binary in ${runtimeName}.`,
      fixes: [{ title: 'Prefix CGO_ENABLED=0', edits: [prefix], preferred: true, safe: true }],
    };
  }
  const severity: Severity = worst.into.runtime.staticOnly ? 'error' : 'warning';
  const libc = worst.into.runtime.staticOnly ? 'has no C library' : 'has only musl libc';
  const explicitOn = state === 'on';
  return {
    range, severity, related,
    // With cgo on, Go links the C library only when the program uses a package that needs it (net,
    // os/user, any cgo code); every network server does, a pure computation does not.
    message: `${explicitOn ? 'CGO_ENABLED=1' : 'cgo is on'}: if the program uses package net or os/user (every network server does) or any C code, the binary is linked against ${onMusl(build.stage) ? 'musl' : 'glibc'}, and ${runtimeName} ${libc}: the container then fails with "exec ...: no such file or directory".`
      + (explicitOn ? ' Link statically (-ldflags \'-extldflags "-static"\') or use a runtime with glibc.' : ' Build with CGO_ENABLED=0.'),
    fixes: explicitOn ? undefined : [{ title: 'Prefix CGO_ENABLED=0', edits: [prefix], preferred: true }],
  };
}

/** Standard packages that make a cgo-enabled build link the C library. */
const LIBC_PACKAGES = /^(C|net|net\/.*|os\/user|plugin|runtime\/cgo)$/;

/**
 * False only when the stage chain copies its Go sources file by file (`COPY main.go .`), each
 * readable in the context, importing only standard packages that do not need the C library. A
 * directory, a glob, a third-party import or an unreadable file: true (we cannot know).
 */
function mayLinkLibc(ctx: RuleContext, stage: Stage): boolean {
  const sources: string[] = [];
  for (const current of stageChain(stage)) {
    for (const instruction of current.instructions) {
      if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.flags.some((flag) => flag.name === 'from')) continue;
      const words = instruction.args.slice(0, -1).map((word) => word.value);
      for (const word of words) {
        if (/[*?[]/.test(word) || !word.endsWith('.go')) {
          if (word.endsWith('.mod') || word.endsWith('.sum')) continue;
          return true;
        }
        sources.push(word.replace(/^\.\//, ''));
      }
    }
  }
  if (!sources.length) return true;
  for (const source of sources) {
    const text = ctx.context.readText(source);
    if (text === null) return true;
    for (const imported of goImports(text)) {
      if (LIBC_PACKAGES.test(imported) || imported.split('/')[0].includes('.')) return true;
    }
  }
  return false;
}

/** The import paths of a Go source file (single imports and import blocks). */
function goImports(text: string): string[] {
  const paths: string[] = [];
  for (const match of text.matchAll(/^import\s*(?:\(([^)]*)\)|(?:[\w.]+\s+)?"([^"]+)")/gm)) {
    if (match[2]) paths.push(match[2]);
    else for (const inner of match[1].matchAll(/"([^"]+)"/g)) paths.push(inner[1]);
  }
  return paths;
}

const GLIBC_COMPAT = new Set(['gcompat', 'libc6-compat', 'glibc']);

/** True when the stage (chain) installs a glibc compatibility package on Alpine. */
function installsGlibcCompat(ctx: RuleContext, stage: Stage): boolean {
  return stageChain(stage).some((member) => member.instructions.some((instruction) => (ctx.model.shellOf(instruction)?.commands ?? []).some((command) => {
    const { name, args } = command.effective;
    return name === 'apk' && args[0]?.value === 'add' && args.some((word) => GLIBC_COMPAT.has(word.value.replace(/[=~<>].*$/, '')));
  })));
}
