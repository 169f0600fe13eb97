// duplicate-stage-name: two stages with one name (names are case-insensitive): the build fails.
import type { Finding, Rule } from '../rule';
import type { Stage } from '../../dockerfile/types';

export const duplicateStageName: Rule = {
  meta: {
    id: 'duplicate-stage-name',
    category: 'stages',
    severity: 'error',
    aliases: ['DL3024', 'DuplicateStageName'],
    description: 'Two stages share one name: BuildKit refuses to build the Dockerfile.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    const first = new Map<string, Stage>();
    for (const stage of ctx.model.stages) {
      if (!stage.name || !stage.nameRange) continue;
      const earlier = first.get(stage.name);
      if (!earlier) {
        first.set(stage.name, stage);
        continue;
      }
      findings.push({
        range: stage.nameRange,
        message: `Stage name "${stage.name}" is already used on line ${earlier.from.range.start.line + 1}: the build fails with "duplicate stage name".`,
        related: [{ range: earlier.nameRange ?? earlier.from.keywordRange, message: `"${stage.name}" is first defined here.` }],
      });
    }
    return findings;
  },
};
