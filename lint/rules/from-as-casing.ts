// from-as-casing: `FROM x as y` / `from x AS y`: the AS keyword's case differs from FROM's.
import type { Finding, Rule } from '../rule';

export const fromAsCasing: Rule = {
  meta: {
    id: 'from-as-casing',
    category: 'stages',
    severity: 'info',
    aliases: ['FromAsCasing'],
    description: "The AS of a FROM line should be written in the same case as FROM (FROM ... AS, from ... as).",
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      const { rawKeyword, args } = stage.from;
      if (args.length < 3 || args[1].value.toLowerCase() !== 'as') continue;
      // A mixed-case FROM is consistent-instruction-casing's finding.
      const wanted = rawKeyword === rawKeyword.toUpperCase() ? 'AS' : rawKeyword === rawKeyword.toLowerCase() ? 'as' : null;
      if (!wanted || args[1].value === wanted) continue;
      findings.push({
        range: args[1].range,
        message: `"${args[1].value}" and "${rawKeyword}" are written in different cases; write "${rawKeyword} ... ${wanted}".`,
        fixes: [{ title: `Write ${wanted}`, edits: [ctx.replace(args[1].range, wanted)], preferred: true, safe: true }],
      });
    }
    return findings;
  },
};
