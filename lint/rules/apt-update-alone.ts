// apt-update-alone: `RUN apt-get update` as its own layer is cached for ever; later installs in
// other RUNs then use a stale index.
import type { Finding, Rule } from '../rule';
import type { Instruction } from '../../dockerfile/types';
import type { RuleContext } from '../ruleContext';
import { isAptUpdate, packageCommand } from '../util/packages';
import { mergeRunsFix, nextInStage } from '../util/runEdits';

/** Commands that do not use the package index: a RUN of only these plus the update is "alone". */
const HARMLESS = new Set(['echo', 'true', ':', 'set', 'printf']);

/** True when the RUN updates the apt index and does nothing that uses it. */
export function isAptUpdateAlone(ctx: RuleContext, instruction: Instruction): boolean {
  if (instruction.keyword !== 'RUN') return false;
  const commands = ctx.model.shellOf(instruction)?.commands ?? [];
  let update = false;
  for (const command of commands) {
    const pkg = packageCommand(command);
    if (pkg && isAptUpdate(pkg)) update = true;
    else if (!HARMLESS.has(command.effective.name ?? '')) return false;
  }
  return update;
}

export const aptUpdateAlone: Rule = {
  meta: {
    id: 'apt-update-alone', category: 'layers', severity: 'warning', aliases: [],
    description: 'RUN apt-get update in a layer of its own: the cached layer keeps an old index for later installs.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of ctx.model.withTriggers) {
      if (!isAptUpdateAlone(ctx, instruction)) continue;
      const update = ctx.model.shellOf(instruction)!.commands.map(packageCommand).find((pkg) => pkg && isAptUpdate(pkg))!;
      const next = nextInStage(ctx, instruction);
      const fix = next?.keyword === 'RUN'
        ? mergeRunsFix(ctx, instruction, next, 'Merge with the next RUN', 'second')
        : null;
      findings.push({
        range: update.subcommandWord.range,
        message: 'apt-get update in a RUN of its own: the layer is cached, so later installs in other RUNs use a stale package index (outdated versions or 404 errors).',
        related: next?.keyword === 'RUN' ? [{ range: next.keywordRange, message: 'merge the update into this RUN' }] : undefined,
        fixes: fix ? [fix] : undefined,
      });
    }
    return findings;
  },
};
