// sudo: RUN already runs as the current USER; sudo prompts, is missing, or ships a setuid root.
import type { Finding, Rule } from '../rule';
import { runCommands } from '../util/runCommands';

const ESCALATORS = new Set(['sudo', 'doas']);

export const sudo: Rule = {
  meta: {
    id: 'sudo',
    category: 'security',
    severity: 'error',
    aliases: ['DL3004'],
    description: 'sudo in RUN: it prompts or is missing, and a working sudo lets any process in the container become root.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of ctx.model.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      for (const command of runCommands(ctx.model, instruction)) {
        // The wrappers come first on the command line: `sudo -u x env A=1 apt-get ...`.
        const word = command.argv.find((w) => ESCALATORS.has(w.value.slice(w.value.lastIndexOf('/') + 1)));
        const program = word && command.argv.indexOf(word) <= command.argv.indexOf(command.program ?? word) ? word : null;
        if (!program) continue;
        findings.push({
          range: program.range,
          message: `${program.value} in RUN: build steps already run as the current USER; ${program.value} is usually missing or prompts for a password, and a working one lets any process in the container become root. Run the step before USER (or as USER root).`,
        });
      }
    }
    return findings;
  },
};
