// A golang builder image older than the go.mod's go/toolchain directive.
import type { Finding, Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import { golangTag, tagOlderThan } from '../go/toolchain';
import type { Range, Stage } from '../../dockerfile/types';

export const goBuilderVersion: Rule = {
  meta: {
    id: 'go-builder-version', category: 'go', severity: 'error', aliases: [],
    description: 'The golang image is older than the go/toolchain directive of go.mod: the build downloads a toolchain or fails.',
    fixable: true,
  },
  check(ctx) {
    const goMod = ctx.context.goMod();
    const required = goMod?.minimumGo;
    if (!goMod || !required) return [];
    const directive = goMod.toolchain && goMod.minimumGo === goMod.toolchain.replace(/[-+].*$/, '') && goMod.toolchain !== goMod.go
      ? `toolchain go${goMod.toolchain}` : `go ${goMod.go}`;
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      if (stage.parent) continue;
      const tag = golangTag(stage.image);
      if (!tag?.version || !tagOlderThan(tag.version, required)) continue;
      const location = versionLocation(ctx, stage, tag.version);
      findings.push({
        range: location?.range ?? stage.image.range,
        message: `golang:${tag.version} is older than \`${directive}\` in go.mod: Go downloads go${required} during the build (failing offline), or older Go stops with "module requires Go ${required}".`,
        related: location?.viaArg ? [{ range: stage.image.range, message: `This FROM takes the golang tag from the ARG default.` }] : undefined,
        fixes: location ? [{ title: `Use golang:${required}${tag.suffix}`, edits: [ctx.replace(location.range, required)], preferred: true }] : undefined,
      });
    }
    return findings;
  },
};

/** Where the version is written: in the FROM line, or in the default of a global ARG it uses. */
function versionLocation(ctx: RuleContext, stage: Stage, version: string): { range: Range; viaArg: boolean } | null {
  const raw = stage.image.raw.replace(/@.*$/, '');
  const colon = raw.lastIndexOf(':');
  const rawTag = colon >= 0 ? raw.slice(colon + 1) : '';
  if (rawTag.startsWith(version)) {
    const written = ctx.textOf(stage.image.range).replace(/@.*$/, '');
    const start = ctx.model.offsetAt(stage.image.range.start) + written.lastIndexOf(':') + 1;
    return { range: rangeOf(ctx, start, version.length), viaArg: false };
  }
  const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(rawTag)?.[1] ?? /\$\{?([A-Za-z_][A-Za-z0-9_]*)/.exec(raw)?.[1];
  if (!variable) return null;
  const arg = [...ctx.model.globalArgs].reverse().flatMap((instruction) => instruction.properties).find((p) => p.name === variable);
  if (!arg?.valueRange || !arg.value?.includes(version)) return null;
  const text = ctx.textOf(arg.valueRange);
  const at = versionIndex(text, version);
  if (at < 0) return null;
  return { range: rangeOf(ctx, ctx.model.offsetAt(arg.valueRange.start) + at, version.length), viaArg: true };
}

/** Index of `version` in `text` as a whole version (not the `1.2` of `1.21`). */
function versionIndex(text: string, version: string): number {
  for (let at = text.indexOf(version); at >= 0; at = text.indexOf(version, at + 1)) {
    const before = text[at - 1] ?? '';
    const after = text[at + version.length] ?? '';
    if (!/[\d.]/.test(before) && !/[\d.]/.test(after) && !/^(rc|beta)/.test(text.slice(at + version.length))) return at;
  }
  return -1;
}

function rangeOf(ctx: RuleContext, start: number, length: number): Range {
  return { start: ctx.model.positionAt(start), end: ctx.model.positionAt(start + length) };
}
