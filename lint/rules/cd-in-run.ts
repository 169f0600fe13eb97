// cd-in-run (DL3003): `cd` in a RUN lasts for that RUN only; WORKDIR says where the image works.
import type { Finding, Rule } from '../rule';

export const cdInRun: Rule = {
  meta: {
    id: 'cd-in-run', category: 'layers', severity: 'info', aliases: ['DL3003'],
    description: 'cd in a RUN changes directory for that RUN only: WORKDIR sets it for the instructions after it.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    // ONBUILD RUN triggers too: they run in every image built FROM this one.
    for (const instruction of ctx.model.withTriggers) {
      if (instruction.keyword !== 'RUN') continue;
      const script = ctx.model.shellOf(instruction);
      if (!script) continue;
      for (const command of script.commands) {
        if (command.name !== 'cd') continue;
        findings.push({
          range: command.range,
          message: 'cd changes the directory for the rest of this RUN only; if later instructions (RUN, COPY, CMD) should work there too, use WORKDIR, which also creates it.',
        });
      }
    }
    return findings;
  },
};
