// GOOS/GOARCH cross-compilation in a builder that runs on the target platform (under emulation).
import type { Finding, Rule } from '../rule';
import { stageChain } from '../../dockerfile/stages';
import type { GoEnvValue } from '../go/invocations';
import type { Stage } from '../../dockerfile/types';

export const goCrossCompilePlatform: Rule = {
  meta: {
    id: 'go-cross-compile-platform', category: 'go', severity: 'info', aliases: [],
    description: 'GOOS/GOARCH set in a builder without FROM --platform=$BUILDPLATFORM: cross builds run the compiler under emulation.',
    fixable: true,
  },
  check(ctx) {
    const flagged = new Map<Stage, { name: string; setting: GoEnvValue }>();
    for (const build of ctx.goInvocations()) {
      if (build.subcommand !== 'build' && build.subcommand !== 'install') continue;
      // Only a target taken from BuildKit's TARGET* args means a multi-platform build; a literal
      // GOARCH=amd64 is a deliberate single-platform choice.
      const fromTarget = (setting: GoEnvValue | undefined) => !!setting?.range && /TARGET(ARCH|OS|PLATFORM|VARIANT)/.test(ctx.textOf(setting.range));
      const goarch = build.env.get('GOARCH');
      const goos = build.env.get('GOOS');
      const cross = fromTarget(goarch) ? { name: 'GOARCH', setting: goarch! } : fromTarget(goos) ? { name: 'GOOS', setting: goos! } : null;
      if (!cross) continue;
      const chain = stageChain(build.stage);
      if (chain.some((stage) => stage.from.flags.some((flag) => flag.name === 'platform'))) continue;
      const root = chain[0];
      // The shipped image is built from this FROM: --platform=$BUILDPLATFORM there would put
      // build-platform binaries (the base image's) into every target image.
      const final = ctx.model.finalStage;
      if (final && stageChain(final).includes(root)) continue;
      if (!flagged.has(root)) flagged.set(root, cross);
    }
    const findings: Finding[] = [];
    for (const [root, { name, setting }] of flagged) {
      if (root.image.unresolved) continue;
      findings.push({
        range: root.image.range,
        message: `${name} comes from the target platform, but this builder runs on the target platform: in a multi-platform build the Go compiler runs under emulation, many times slower. Run it on the build platform.`,
        related: setting.range ? [{ range: setting.range, message: `${name} is set here.` }] : undefined,
        fixes: [{
          title: 'Add --platform=$BUILDPLATFORM',
          edits: [ctx.insertAt(root.from.keywordRange.end, ' --platform=$BUILDPLATFORM')],
          preferred: true,
        }],
      });
    }
    return findings;
  },
};
