// maintainer-deprecated: MAINTAINER writes a legacy field; the OCI authors label is read by tools.
import type { Finding, Rule } from '../rule';

export const maintainerDeprecated: Rule = {
  meta: {
    id: 'maintainer-deprecated',
    category: 'correctness',
    severity: 'warning',
    aliases: ['DL4000', 'MaintainerDeprecated'],
    description: 'MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of ctx.model.instructions) {
      if (instruction.keyword !== 'MAINTAINER') continue;
      // BuildKit keeps the rest of the line as written; continued lines are joined by a space.
      const range = instruction.argsRange;
      const written = range && range.start.line === range.end.line ? ctx.textOf(range) : instruction.args.map((word) => word.value).join(' ');
      const author = /^"[^"]*"$/.test(written) ? written.slice(1, -1) : written;
      const escape = ctx.escapeChar;
      // Inside double quotes a LABEL value still expands `$` and honours the escape character.
      const quoted = author.replace(/[\\`"$]/g, (ch) => (ch === '"' || ch === '$' || ch === escape ? escape + ch : ch));
      const keyword = instruction.rawKeyword === instruction.rawKeyword.toLowerCase() ? 'label' : 'LABEL';
      findings.push({
        range: instruction.keywordRange,
        message: 'MAINTAINER is deprecated: it writes a legacy image field most tools ignore. Use LABEL org.opencontainers.image.authors, which registries and scanners read.',
        fixes: author ? [{
          title: 'Replace with LABEL org.opencontainers.image.authors',
          edits: [ctx.replace({ start: instruction.keywordRange.start, end: instruction.range.end }, `${keyword} org.opencontainers.image.authors="${quoted}"`)],
          preferred: true,
          safe: true,
        }] : [],
      });
    }
    return findings;
  },
};
