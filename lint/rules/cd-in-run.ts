// cd-in-run (DL3003): a `cd` that ends a RUN changes nothing: its directory lasts for that RUN only,
// and nothing after it in the RUN uses it. Unlike hadolint, a cd followed by commands in the same
// RUN (`cd /usr/src/x && make`, how sources are built) is not reported: there it does its job, and
// whether a later instruction expected that directory is more than the rule can know.
import type { Finding, Rule } from '../rule';

export const cdInRun: Rule = {
  meta: {
    id: 'cd-in-run', category: 'layers', severity: 'info', aliases: ['DL3003'],
    description: 'A cd that ends a RUN changes nothing: the directory lasts for that RUN only; WORKDIR sets it for the instructions after it.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    // ONBUILD RUN triggers too: they run in every image built FROM this one.
    for (const instruction of ctx.model.withTriggers) {
      if (instruction.keyword !== 'RUN') continue;
      const script = ctx.model.shellOf(instruction);
      if (!script) continue;
      const last = script.commands[script.commands.length - 1];
      if (last?.name !== 'cd') continue;
      findings.push({
        range: last.range,
        message: 'cd is the last command of this RUN: the directory change ends with the RUN and affects nothing. Instructions after it do not run there; use WORKDIR for that (it also creates the folder).',
      });
    }
    return findings;
  },
};
