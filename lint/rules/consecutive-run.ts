// consecutive-run (DL3059): back-to-back RUNs in a stage that could be one layer.
import type { Finding, Rule } from '../rule';
import type { Instruction } from '../../dockerfile/types';
import type { RuleContext } from '../ruleContext';
import { flagsText, mergeRunsFix } from '../util/runEdits';
import { isAptUpdateAlone } from './apt-update-alone';

/**
 * A RUN that already runs several commands (`a && b`, `a; b`, `a | b`, `$(b)`) was kept apart on
 * purpose: only RUNs of one command each are merged, as hadolint's DL3059 decides (it counts the
 * commands of ShellCheck's parse, substitutions included, bare assignments not).
 */
const MAX_COMMANDS = 1;

export const consecutiveRun: Rule = {
  meta: {
    id: 'consecutive-run', category: 'layers', severity: 'info', aliases: ['DL3059'],
    description: 'Consecutive RUN instructions in one stage that could be a single layer.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      const instructions = stage.instructions;
      for (let i = 1; i < instructions.length; i++) {
        const previous = instructions[i - 1];
        const current = instructions[i];
        if (!mergeable(ctx, previous) || !mergeable(ctx, current)) continue;
        if (flagsText(ctx, previous) !== flagsText(ctx, current)) continue;
        // apt-update-alone reports this pair, with the same merge.
        if (isAptUpdateAlone(ctx, previous)) continue;
        const fix = mergeRunsFix(ctx, previous, current, 'Merge into the previous RUN');
        findings.push({
          range: current.keywordRange,
          message: 'RUN right after another RUN: one more layer and cache step where one RUN joined by && would do.',
          related: [{ range: previous.keywordRange, message: 'the previous RUN' }],
          fixes: fix ? [fix] : undefined,
        });
      }
    }
    return findings;
  },
};

function mergeable(ctx: RuleContext, instruction: Instruction): boolean {
  if (instruction.keyword !== 'RUN' || instruction.form !== 'shell' || instruction.heredocs.length) return false;
  const commands = ctx.model.shellOf(instruction)?.commands.filter((command) => command.name !== null) ?? [];
  return commands.length > 0 && commands.length <= MAX_COMMANDS;
}
