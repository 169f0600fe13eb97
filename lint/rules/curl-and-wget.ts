// curl-and-wget (DL4001): a stage runs both curl and wget; one download tool is enough.
import type { Finding, Rule } from '../rule';
import type { Range } from '../../dockerfile/types';

const TOOLS = ['curl', 'wget'] as const;

export const curlAndWget: Rule = {
  meta: {
    id: 'curl-and-wget', category: 'layers', severity: 'info', aliases: ['DL4001'],
    description: 'A stage runs both curl and wget: each needs its own package; one download tool is enough.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      const first: Partial<Record<(typeof TOOLS)[number], { range: Range; line: number }>> = {};
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'RUN') continue;
        const script = ctx.model.shellOf(instruction);
        if (!script) continue;
        for (const command of script.commands) {
          const name = command.effective.name;
          if (name !== 'curl' && name !== 'wget') continue;
          const other = name === 'curl' ? 'wget' : 'curl';
          const seen = first[other];
          if (seen && !first[name]) {
            findings.push({
              range: command.range,
              message: `This stage runs both ${other} (line ${seen.line + 1}) and ${name}: two download tools where one would do (unless the base image already has both, each is a package installed for it).`,
              related: [{ range: seen.range, message: `${other} is used here.` }],
            });
          }
          first[name] ??= { range: command.range, line: command.range.start.line };
        }
      }
    }
    return findings;
  },
};
