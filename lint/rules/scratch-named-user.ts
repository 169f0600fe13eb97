// scratch-named-user: a user name needs /etc/passwd, which scratch does not have.
import type { Finding, Rule } from '../rule';
import { stageChain } from '../../dockerfile/stages';
import type { DockerfileModel, Instruction, Stage } from '../../dockerfile/types';
import { posix } from 'node:path';
import { unquote } from '../util/words';

const NUMERIC = /^\d+$/;

export const scratchNamedUser: Rule = {
  meta: {
    id: 'scratch-named-user',
    category: 'stages',
    severity: 'error',
    aliases: [],
    description: 'USER name in a scratch stage with no /etc/passwd copied in: the container fails to start.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      if (!stage.runtime.scratch) continue;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'USER' || instruction.args.length !== 1) continue;
        const word = instruction.args[0];
        const expanded = ctx.model.expand(word.value, instruction);
        if (expanded.unresolved) continue;
        const [user, group] = unquote(expanded.value, ctx.escapeChar).split(':');
        const userNamed = !NUMERIC.test(user);
        const groupNamed = group !== undefined && !NUMERIC.test(group);
        if (!userNamed && !groupNamed) continue;
        if (userNamed && accountFileCopied(ctx.model, stage, instruction, 'passwd')) continue;
        if (!userNamed && accountFileCopied(ctx.model, stage, instruction, 'group')) continue;
        const numeric = `${userNamed ? '65532' : user}:${group === undefined || groupNamed ? '65532' : group}`;
        const file = userNamed ? '/etc/passwd' : '/etc/group';
        findings.push({
          range: word.range,
          message: `USER ${expanded.value} in a scratch image without ${file}: the name cannot be resolved and the container fails to start ("unable to find user"). Use a numeric uid:gid such as 65532:65532.`,
          fixes: [{ title: `Use the numeric ${numeric}`, edits: [ctx.replace(word.range, numeric)], preferred: true, safe: false }],
        });
      }
    }
    return findings;
  },
};

/** A COPY/ADD before `user` in the stage chain that may put /etc/<file> in place. */
function accountFileCopied(model: DockerfileModel, stage: Stage, user: Instruction, file: string): boolean {
  for (const member of stageChain(stage)) {
    for (const instruction of member.instructions) {
      if (instruction.index >= user.index) break;
      if ((instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') || instruction.args.length < 2) continue;
      const destination = model.expand(instruction.args[instruction.args.length - 1].value, instruction);
      if (destination.unresolved) return true;
      const workdir = model.stateAt(instruction)?.workdir ?? '/';
      const target = posix.resolve(workdir.includes('$') ? '/' : workdir, destination.value);
      if (target === `/etc/${file}` || target === '/etc' || target === '/') return true;
    }
  }
  return false;
}
