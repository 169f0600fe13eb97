// reserved-stage-name: a stage named `scratch` or `context`, names BuildKit reserves for the empty
// image and the build context.
import type { Finding, Rule } from '../rule';

const RESERVED = new Map([['scratch', 'the empty base image'], ['context', 'the build context']]);

export const reservedStageName: Rule = {
  meta: {
    id: 'reserved-stage-name',
    category: 'stages',
    severity: 'warning',
    aliases: ['ReservedStageName'],
    description: 'A stage named "scratch" or "context": names BuildKit reserves for the empty image and the build context.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      if (!stage.name || !stage.nameRange || !RESERVED.has(stage.name)) continue;
      findings.push({
        range: stage.nameRange,
        message: `"${stage.name}" is reserved for ${RESERVED.get(stage.name)}: a later FROM or --from naming "${stage.name}" is ambiguous, and --build-context cannot replace it. Rename the stage.`,
      });
    }
    return findings;
  },
};
