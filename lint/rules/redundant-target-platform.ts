// redundant-target-platform: `FROM --platform=$TARGETPLATFORM`: the target platform is already
// what FROM pulls.
import type { Finding, Rule } from '../rule';
import { unquote } from '../util/words';

const TARGET_PLATFORM = /^\$(?:TARGETPLATFORM|\{TARGETPLATFORM\})$/;

export const redundantTargetPlatform: Rule = {
  meta: {
    id: 'redundant-target-platform',
    category: 'base-images',
    severity: 'info',
    aliases: ['RedundantTargetPlatform', 'DL3065'],
    description: 'FROM --platform=$TARGETPLATFORM is redundant: FROM pulls the target platform by default.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      const flag = stage.from.flags.find((f) => f.name === 'platform');
      if (!flag?.value || !TARGET_PLATFORM.test(unquote(flag.value, ctx.escapeChar))) continue;
      const end = ctx.model.offsetAt(flag.range.end);
      const spaces = /^[ \t]*/.exec(ctx.text.slice(end))?.[0].length ?? 0;
      findings.push({
        range: flag.range,
        message: `--platform=${flag.value} is the default: FROM already pulls the image for the target platform.`,
        fixes: [{
          title: 'Remove the --platform flag',
          edits: [ctx.replace({ start: flag.range.start, end: ctx.model.positionAt(end + spaces) }, '')],
          preferred: true,
          safe: true,
        }],
      });
    }
    return findings;
  },
};
