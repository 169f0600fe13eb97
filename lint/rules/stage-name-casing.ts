// stage-name-casing: `FROM x AS Builder`: BuildKit lower-cases stage names, so the name as written
// is not the name the build knows.
import type { Finding, Rule } from '../rule';

export const stageNameCasing: Rule = {
  meta: {
    id: 'stage-name-casing',
    category: 'stages',
    severity: 'info',
    aliases: ['StageNameCasing'],
    description: 'Stage names should be lower case: BuildKit lower-cases them, so --target and --from match them case-insensitively.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      const word = stage.from.args.length === 3 ? stage.from.args[2] : null;
      if (!word || !stage.nameRange || word.value === word.value.toLowerCase()) continue;
      const lower = word.value.toLowerCase();
      findings.push({
        range: word.range,
        message: `Stage name "${word.value}" is not lower case: BuildKit names this stage "${lower}".`,
        fixes: [{ title: `Rename the stage to ${lower}`, edits: [ctx.replace(word.range, lower)], preferred: true, safe: true }],
      });
    }
    return findings;
  },
};
