// undefined-var: an instruction BuildKit expands (COPY, ENV, WORKDIR, ...) uses a variable nothing
// defines at that point: it expands to an empty string.
import type { Range } from 'vscode-languageserver-types';
import type { Finding, Rule, RuleContext } from '../rule';
import { stageChain } from '../../dockerfile/stages';
import type { Instruction, Stage } from '../../dockerfile/types';
import { closest } from '../util/closest';
import { knownImageEnv } from '../util/imageEnv';
import { variableReferences, type VariableReference } from '../util/variableRefs';

const PLATFORM_ARGS = ['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT'];
/** Set by BuildKit (platform) or passed without declaration (proxies): a stage must still declare them. */
const PREDEFINED = new Set([
  ...PLATFORM_ARGS,
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
]);
/** BuildKit reads these itself and never reports them. */
const IGNORED = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);
/** Instructions whose whole argument list BuildKit expands. */
const EXPANDED = new Set(['ENV', 'LABEL', 'WORKDIR', 'USER', 'VOLUME', 'STOPSIGNAL', 'COPY', 'ADD']);
const EXPANDED_FLAGS: Record<string, string[]> = { COPY: ['chown', 'chmod'], ADD: ['chown', 'chmod', 'checksum'], RUN: ['mount'] };

interface Segment {
  range: Range;
  /** Names defined before this segment (an ARG's earlier properties count). */
  extra?: string[];
  quotes?: boolean;
}

export const undefinedVar: Rule = {
  meta: {
    id: 'undefined-var',
    category: 'correctness',
    severity: 'warning',
    aliases: ['UndefinedVar'],
    description: 'A variable used in COPY, ENV, WORKDIR, USER, LABEL... that no ARG or ENV defines before it: it expands to an empty string.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      const base = knownImageEnv(stage);
      let names: string[] | undefined;
      const parentArgs = () => (names ??= parentArgNames(ctx, stage));
      for (const instruction of stage.instructions) {
        if (!instruction.text.includes('$')) continue;
        for (const segment of segmentsOf(ctx, instruction)) {
          const text = ctx.textOf(segment.range);
          if (!text.includes('$')) continue;
          const defined = new Set([...ctx.model.stateAt(instruction).vars.keys(), ...parentArgs(), ...(base ?? ['PATH']), ...(segment.extra ?? [])]);
          const start = ctx.model.offsetAt(segment.range.start);
          for (const reference of variableReferences(text, ctx.escapeChar, segment.quotes ?? true)) {
            if (defined.has(reference.name) || IGNORED.has(reference.name) || reference.modifier) continue;
            if (setEarlierInSameEnv(ctx, instruction, reference.name, start + reference.start)) continue;
            findings.push(finding(ctx, instruction, stage, reference, start, defined, base !== null));
          }
        }
      }
    }
    return findings;
  },
};

/**
 * `ENV A=1 B=$A`: env-reference-same-env (DL3044) reports a reference to a name an earlier pair of
 * the same ENV sets, with the fix that splits the ENV; one finding there, not two.
 */
function setEarlierInSameEnv(ctx: RuleContext, instruction: Instruction, name: string, offset: number): boolean {
  if (instruction.keyword !== 'ENV') return false;
  const before = instruction.properties.filter((property) => ctx.model.offsetAt(property.range.start) < offset);
  return before.slice(0, -1).some((property) => property.name === name);
}

/** ARG values of the stages this one is built FROM: BuildKit keeps them in the stage's environment. */
function parentArgNames(ctx: RuleContext, stage: Stage): string[] {
  const globals = new Set([...PLATFORM_ARGS, ...ctx.model.globalArgs.flatMap((arg) => arg.properties).filter((p) => p.value !== null).map((p) => p.name)]);
  return stageChain(stage).slice(0, -1).flatMap((parent) => parent.instructions)
    .filter((instruction) => instruction.keyword === 'ARG')
    .flatMap((arg) => arg.properties)
    .filter((property) => property.value !== null || globals.has(property.name))
    .map((property) => property.name);
}

function segmentsOf(ctx: RuleContext, instruction: Instruction): Segment[] {
  const segments: Segment[] = [];
  if (instruction.keyword === 'ARG') {
    instruction.properties.forEach((property, i) => {
      if (property.valueRange) segments.push({ range: property.valueRange, extra: instruction.properties.slice(0, i).map((p) => p.name) });
    });
    return segments;
  }
  if (EXPANDED.has(instruction.keyword) && instruction.argsRange) segments.push({ range: instruction.argsRange });
  for (const flag of instruction.flags) {
    if (flag.valueRange && EXPANDED_FLAGS[instruction.keyword]?.includes(flag.name)) segments.push({ range: flag.valueRange });
  }
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
    for (const heredoc of instruction.heredocs) {
      // A quoted delimiter (`<<'EOF'`) keeps the file literal; otherwise BuildKit expands it (quotes do not protect).
      if (!heredoc.contentRange || quotedDelimiter(instruction.text, heredoc.name)) continue;
      segments.push({ range: heredoc.contentRange, quotes: false });
    }
  }
  return segments;
}

function quotedDelimiter(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<<-?[ \\t]*(["'])${escaped}\\1`).test(text);
}

function finding(ctx: RuleContext, instruction: Instruction, stage: Stage, reference: VariableReference, start: number, defined: Set<string>, knownBase: boolean): Finding {
  const { name } = reference;
  const range = { start: ctx.model.positionAt(start + reference.start), end: ctx.model.positionAt(start + reference.end) };
  if (PREDEFINED.has(name)) {
    return {
      range,
      message: `$${name} is predefined by BuildKit but only visible in a stage that declares it: without "ARG ${name}" in this stage it expands to an empty string here.`,
      fixes: [{ title: `Declare ARG ${name} before this ${instruction.keyword}`, edits: [ctx.insertLinesBefore(instruction, [`${instruction.rawKeyword === instruction.rawKeyword.toLowerCase() ? 'arg' : 'ARG'} ${name}`])], preferred: true }],
    };
  }
  // `$GOPATH` is not a typo of `$PATH`: a name that extends a defined one is another variable.
  const suggestion = closest(name, [...defined].filter((candidate) => !name.includes(candidate)));
  const hint = suggestion ? ` (did you mean $${suggestion}?)` : '';
  const fixes = suggestion ? [{
    title: `Use $${suggestion} instead`,
    edits: [ctx.replace(range, ctx.textOf(range).replace(name, suggestion))],
    preferred: true,
  }] : [];
  if (name === 'HOME') {
    return { range, message: `$HOME is set by the container runtime when a container starts, not in the image's ENV: it is empty in this ${instruction.keyword} at build time (write the path, or set ENV HOME first).`, fixes };
  }
  if (instruction.keyword === 'ENV' && instruction.properties.some((property) => property.name === name)) {
    return { range, message: `$${name} is set by this same ENV, but its values see only the variables defined before it: $${name} is empty here. Set it in an earlier ENV.`, fixes };
  }
  if (knownBase) {
    return { range, message: `$${name} is not defined by an ARG or ENV before this ${instruction.keyword}${hint}: it expands to an empty string here.`, fixes };
  }
  return {
    range,
    severity: 'info',
    message: `$${name} is not defined in this Dockerfile${hint}; unless the base image ${stageChain(stage)[0].image.raw} sets it in its ENV, it expands to an empty string here.`,
    fixes,
  };
}
