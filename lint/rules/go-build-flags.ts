// A shipped go build without -trimpath / -ldflags="-s -w", or with a repeated -ldflags.
import type { TextEdit } from 'vscode-languageserver-types';
import type { Finding, Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import type { GoFlag, GoInvocation } from '../go/invocations';
import { goCommandRange, reachesFinal } from '../go/artifacts';
import { cgoWithoutCompiler, stageGoVersion } from '../go/toolchain';
import { compareGoVersions } from '../context/goMod';
import { expandVariables } from '../../dockerfile/variables';

export const goBuildFlags: Rule = {
  meta: {
    id: 'go-build-flags', category: 'go', severity: 'info', aliases: [],
    description: 'A shipped go build without -trimpath or -ldflags="-s -w" (or with a repeated -ldflags, where only the last counts).',
    fixable: true,
  },
  check(ctx) {
    const invocations = ctx.goInvocations();
    const findings: Finding[] = [];
    for (const build of invocations) {
      if (build.subcommand !== 'build' || !build.output || !reachesFinal(ctx.model, invocations, build)) continue;
      const ldflags = build.flags.filter((flag) => flag.name === 'ldflags');
      for (const earlier of ldflags.slice(0, -1)) findings.push(repeatedFinding(ctx, build, earlier, ldflags));
      const missing = missingFlags(build, ldflags[ldflags.length - 1]);
      if (!missing.length) continue;
      const edits = addFlags(ctx, build, ldflags[ldflags.length - 1], missing);
      // -trimpath recompiles runtime/cgo: without a C compiler (Alpine, Go before 1.20) the build
      // then fails, so the fix is not applied by fix-all and its title says what else it needs.
      const hazard = missing.includes('-trimpath') && cgoWithoutCompiler(ctx.model, build);
      const title = `Add ${missing.join(' ')}${hazard ? ' (cgo is on and there is no C compiler here: set CGO_ENABLED=0 too, or the build fails)' : ''}`;
      findings.push({
        range: goCommandRange(build),
        message: `This binary reaches the image without ${missing.join(' and ')}: ${reasons(missing)}.`,
        fixes: edits ? [{ title, edits, preferred: !hazard, safe: !hazard }] : undefined,
      });
    }
    return findings;
  },
};

function reasons(missing: string[]): string {
  const why: string[] = [];
  if (missing.some((flag) => flag.startsWith('-ldflags'))) why.push('its symbol table and DWARF data make it about 25 % larger');
  if (missing.includes('-trimpath')) why.push('it embeds the builder\'s file paths (not reproducible)');
  return why.join(', and ');
}

function missingFlags(build: GoInvocation, ldflags: GoFlag | undefined): string[] {
  const goflags = build.env.get('GOFLAGS');
  // GOFLAGS known only at build time may carry any flag: nothing can be said.
  if (goflags && goflags.value === null) return [];
  const gcflags = build.flags.filter((flag) => flag.name === 'gcflags').pop()?.value ?? '';
  // A debugger build (`-gcflags="all=-N -l"`) keeps its symbols and paths on purpose.
  if (/(^|[\s=])--?[Nl](=true)?(\s|$)/.test(gcflags)) return [];
  const missing: string[] = [];
  const trimpath = build.flags.some((flag) => flag.name === 'trimpath' && flag.value !== 'false')
    || /(^|\s)--?trimpath(=true)?(\s|$)/.test(goflags?.value ?? '');
  if (!trimpath) missing.push('-trimpath');
  // -ldflags from GOFLAGS counts when the command line has none.
  const value = ldflags ? ldflagsValue(build, ldflags) : /(?:^|\s)--?ldflags=(\S+)/.exec(goflags?.value ?? '')?.[1] ?? '';
  // `-ldflags "${LDFLAGS}"`: whatever the variable holds, unknown here.
  if (value === null) return missing;
  // The linker reads its flags like go does: `-s`, `--s`, `-s=true`.
  const words = value.split(/\s+/).map((word) => word.replace(/^--/, '-'));
  const has = (name: string) => words.includes(name) || words.includes(`${name}=true`);
  const version = stageGoVersion(build.stage);
  const sImpliesW = version === null || compareGoVersions(version, '1.22') >= 0;
  const strip = [has('-s') ? null : '-s', has('-w') || (has('-s') && sImpliesW) || words.includes('-w=0') || words.includes('-w=false') ? null : '-w']
    .filter((flag): flag is string => flag !== null);
  if (strip.length) missing.push(`-ldflags "${strip.join(' ')}"`);
  return missing;
}

/** The -ldflags value with the variables the RUN sees expanded; null when one is unknown here. */
function ldflagsValue(build: GoInvocation, flag: GoFlag): string | null {
  const value = flag.value ?? '';
  if (!/[$`]/.test(value)) return value;
  if (value.includes('$(') || value.includes('`')) return null;
  const expanded = expandVariables(value, (name) => build.env.get(name)?.value ?? undefined);
  return expanded.unresolved ? null : expanded.value;
}

function addFlags(ctx: RuleContext, build: GoInvocation, ldflags: GoFlag | undefined, missing: string[]): TextEdit[] | null {
  const edits: TextEdit[] = [];
  const inserted: string[] = [];
  if (missing.includes('-trimpath')) inserted.push('-trimpath');
  const strip = missing.find((flag) => flag.startsWith('-ldflags'));
  const stripFlags = strip ? strip.slice('-ldflags "'.length, -1) : '';
  if (strip && !ldflags) inserted.push(`-ldflags="${stripFlags}"`);
  if (inserted.length) edits.push(ctx.insertAt(build.subcommandWord.range.end, ` ${inserted.join(' ')}`));
  if (strip && ldflags) {
    const edit = prependToValue(ctx, ldflags, stripFlags);
    if (!edit) return null;
    edits.push(edit);
  }
  return edits;
}

/** Adds `-s -w ` at the front of an -ldflags value, keeping its quoting. */
function prependToValue(ctx: RuleContext, flag: GoFlag, text: string): TextEdit | null {
  const word = flag.valueWord ?? flag.nameWord;
  const raw = word.raw;
  const valueStart = flag.valueWord ? 0 : raw.indexOf('=') + 1;
  const value = raw.slice(valueStart);
  if (value.startsWith('"') || value.startsWith("'")) {
    return ctx.insertAt(positionIn(ctx, word, valueStart + 1), `${text} `);
  }
  if (/["'\\]/.test(value)) return null;
  const start = positionIn(ctx, word, valueStart);
  return ctx.replace({ start, end: word.range.end }, value ? `"${text} ${value}"` : `"${text}"`);
}

function positionIn(ctx: RuleContext, word: GoFlag['nameWord'], index: number): { line: number; character: number } {
  return ctx.model.positionAt(ctx.model.offsetAt(word.range.start) + index);
}

function repeatedFinding(ctx: RuleContext, build: GoInvocation, earlier: GoFlag, all: GoFlag[]): Finding {
  const last = all[all.length - 1];
  const merged = all.map((flag) => flag.value ?? '').filter(Boolean).join(' ');
  const edits: TextEdit[] = all.slice(0, -1).map((flag) => ctx.replace({ start: flag.range.start, end: nextWordStart(build, flag) }, ''));
  edits.push(ctx.replace(last.range, `-ldflags="${merged.replace(/["\\]/g, '\\$&')}"`));
  return {
    range: earlier.range,
    message: `go build takes -ldflags once: only the last one counts, so "${earlier.value ?? ''}" is ignored here.`,
    related: [{ range: last.range, message: 'This -ldflags replaces the earlier ones.' }],
    fixes: [{ title: 'Merge into one -ldflags', edits, preferred: true }],
  };
}

/** Start of the word after a flag (so deleting up to it removes the separating space). */
function nextWordStart(build: GoInvocation, flag: GoFlag): { line: number; character: number } {
  const lastWord = flag.valueWord ?? flag.nameWord;
  const argv = build.command.argv;
  const next = argv[argv.indexOf(lastWord) + 1];
  return next ? next.range.start : lastWord.range.end;
}
