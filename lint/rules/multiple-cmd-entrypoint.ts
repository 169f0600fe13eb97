// multiple-cmd-entrypoint: only the last CMD / ENTRYPOINT / HEALTHCHECK of a stage takes effect.
import type { Finding, Rule } from '../rule';
import type { Instruction } from '../../dockerfile/types';

const SINGLE = ['CMD', 'ENTRYPOINT', 'HEALTHCHECK'];

export const multipleCmdEntrypoint: Rule = {
  meta: {
    id: 'multiple-cmd-entrypoint',
    category: 'correctness',
    severity: 'warning',
    aliases: ['DL4003', 'DL4004', 'DL3012', 'MultipleInstructionsDisallowed'],
    description: 'More than one CMD, ENTRYPOINT or HEALTHCHECK in a stage: only the last one counts.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      for (const keyword of SINGLE) {
        const all = stage.instructions.filter((instruction) => instruction.keyword === keyword);
        if (all.length < 2) continue;
        const last = all[all.length - 1];
        for (const earlier of all.slice(0, -1)) findings.push(finding(earlier, last, ctx.deleteInstruction(earlier)));
      }
    }
    return findings;
  },
};

function finding(earlier: Instruction, last: Instruction, removal: { range: Finding['range']; newText: string }): Finding {
  return {
    range: earlier.keywordRange,
    message: `Only the last ${earlier.keyword} of a stage takes effect: this one is ignored (line ${last.range.start.line + 1} wins).`,
    related: [{ range: last.keywordRange, message: `The ${last.keyword} that takes effect.` }],
    fixes: [{ title: `Remove this ${earlier.keyword}`, edits: [removal], preferred: true, safe: true }],
  };
}
