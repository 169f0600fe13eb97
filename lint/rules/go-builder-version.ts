// A golang builder image older than the go.mod's go/toolchain directive.
import type { Finding, Rule, Severity } from '../rule';
import type { RuleContext } from '../ruleContext';
import { golangTag, tagOlderThan } from '../go/toolchain';
import type { Range, Stage } from '../../dockerfile/types';
import { stageChain } from '../../dockerfile/stages';
import { compareGoVersions } from '../context/goMod';

export const goBuilderVersion: Rule = {
  meta: {
    id: 'go-builder-version', category: 'go', severity: 'error', aliases: [],
    severityNote: 'error when this Go stops the build; warning when it builds but may download or misbuild',
    description: 'The golang image is older than the go/toolchain directive of go.mod: Go 1.21+ stops (the image sets GOTOOLCHAIN=local); older Go builds it with an older toolchain than intended.',
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
      const verdict = consequence(ctx, stage, tag.version, required, directive, goMod.go, goMod.toolchain);
      findings.push({
        range: location?.range ?? stage.image.range,
        severity: verdict.severity,
        message: `golang:${tag.version} is older than \`${directive}\` in go.mod: ${verdict.message}`,
        related: location?.viaArg ? [{ range: stage.image.range, message: `This FROM takes the golang tag from the ARG default.` }] : undefined,
        fixes: location ? [{ title: `Use golang:${required}${tag.suffix}`, edits: [ctx.replace(location.range, required)], preferred: true }] : undefined,
      });
    }
    return findings;
  },
};

/**
 * What the Go of the image does with a go.mod asking for a newer Go. Go 1.21+ treats the go line
 * as a minimum: the golang image sets GOTOOLCHAIN=local, so it stops; with GOTOOLCHAIN changed in
 * the Dockerfile it downloads the newer toolchain. Before 1.21 the go line is advisory, but
 * 1.21-era syntax (`go 1.22.3`, a `toolchain` line) does not parse.
 */
function consequence(
  ctx: RuleContext, stage: Stage, version: string, required: string, directive: string, go: string | null, toolchain: string | null,
): { severity: Severity; message: string } {
  if (compareGoVersions(version, '1.21') >= 0) {
    const setting = goToolchainSetting(ctx, stage);
    if (setting === undefined || setting === 'local') {
      return { severity: 'error', message: `since Go 1.21 the go line is a minimum, and the golang image sets GOTOOLCHAIN=local, so go stops with "go.mod requires go >= ${required}".` };
    }
    if (setting === null || /^(auto|path)$|\+(auto|path)$/.test(setting)) {
      return { severity: 'warning', message: `since Go 1.21 the go line is a minimum: with GOTOOLCHAIN=${setting ?? '(set here)'}, go downloads go${required} whenever this layer builds, and the build fails without network.` };
    }
    return { severity: 'warning', message: `since Go 1.21 the go line is a minimum: GOTOOLCHAIN=${setting} decides which Go builds this module, not the image tag.` };
  }
  const newSyntax = toolchain !== null ? '`toolchain` line' : go !== null && !/^\d+\.\d+$/.test(go) ? `\`go ${go}\` line (a Go 1.21 version form)` : null;
  if (newSyntax) {
    return { severity: 'error', message: `Go ${version} cannot read this go.mod: the ${newSyntax} is Go 1.21 syntax, so go stops with "errors parsing go.mod".` };
  }
  return { severity: 'warning', message: `before Go 1.21 the go line is advisory: Go ${version} builds the module, but code that needs Go ${required} fails to compile (with "note: module requires Go ${required}"), and it is built with an older toolchain than the module declares.` };
}

/** GOTOOLCHAIN as the stage's Dockerfile sets it (undefined: not set; null: unknown value). */
function goToolchainSetting(ctx: RuleContext, stage: Stage): string | null | undefined {
  let value: string | null | undefined;
  for (const inv of ctx.goInvocations()) {
    if (stageChain(inv.stage)[0] !== stage) continue;
    const setting = inv.env.get('GOTOOLCHAIN');
    if (setting) value = setting.value;
  }
  return value;
}

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
