// apt-lists-not-cleaned (DL3009): `apt-get update` + `install` in a RUN that does not remove
// /var/lib/apt/lists afterwards bakes the package index into the layer.
import type { Finding, Rule } from '../rule';
import { hasScratchMountOn } from '../../dockerfile/mounts';
import type { SimpleCommand } from '../../dockerfile/shell';
import type { Instruction } from '../../dockerfile/types';
import type { RuleContext } from '../ruleContext';
import { isAptInstall, isAptUpdate, packageCommand } from '../util/packages';
import { appendPoint } from '../util/runEdits';
import { stageChain } from '../../dockerfile/stages';
import { shippedRuns } from '../util/stages';

const CLEANUP = ' && rm -rf /var/lib/apt/lists/*';

export const aptListsNotCleaned: Rule = {
  meta: {
    id: 'apt-lists-not-cleaned', category: 'layers', severity: 'warning', aliases: ['DL3009'],
    description: 'apt-get install without removing /var/lib/apt/lists in the same RUN keeps the package index in the image.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of shippedRuns(ctx.model)) {
      if (hasScratchMountOn(instruction, '/var/lib/apt/lists')) continue;
      const script = ctx.model.shellOf(instruction);
      if (!script) continue;
      const commands = script.commands;
      // Only the layer that downloads the lists holds them; an install that reuses an index from
      // an earlier RUN cannot shrink that RUN's layer (apt-update-alone reports that one).
      if (!commands.some((command) => isUpdate(command))) continue;
      let lastInstall = -1;
      commands.forEach((command, index) => { if (isInstall(command)) lastInstall = index; });
      if (lastInstall < 0) continue;
      if (commands.slice(lastInstall + 1).some(removesAptLists)) continue;
      const install = packageCommand(commands[lastInstall])!;
      // A later RUN that installs without updating relies on these lists: removing them here
      // would break it, so the fix is left to the author (update there too, then clean up).
      const reliant = laterInstallWithoutUpdate(ctx, instruction);
      const end = reliant ? null : appendPoint(install.command.pipeline.source);
      findings.push({
        range: install.subcommandWord.range,
        message: 'apt-get install without rm -rf /var/lib/apt/lists/* in the same RUN: the package index (tens of MB) stays in this layer.',
        related: reliant ? [{ range: reliant.keywordRange, message: 'this later install uses the lists without apt-get update: add the update there before cleaning up' }] : undefined,
        fixes: end ? [{
          title: 'Append && rm -rf /var/lib/apt/lists/*', preferred: true, safe: true,
          edits: [ctx.insertAt(end, CLEANUP)],
        }] : undefined,
      });
    }
    return findings;
  },
};

/** The first later RUN of this stage or a stage built FROM it that installs without updating. */
function laterInstallWithoutUpdate(ctx: RuleContext, instruction: Instruction): Instruction | null {
  const stage = ctx.stageOf(instruction);
  if (!stage) return null;
  const descendants = ctx.model.stages.filter((other) => stageChain(other).includes(stage));
  for (const other of descendants) {
    for (const later of other.instructions) {
      if (later.keyword !== 'RUN' || (other === stage && later.index <= instruction.index)) continue;
      const commands = ctx.model.shellOf(later)?.commands ?? [];
      if (commands.some(isInstall) && !commands.some(isUpdate)) return later;
    }
  }
  return null;
}

function isInstall(command: SimpleCommand): boolean {
  const pkg = packageCommand(command);
  return !!pkg && isAptInstall(pkg);
}

function isUpdate(command: SimpleCommand): boolean {
  const pkg = packageCommand(command);
  return !!pkg && isAptUpdate(pkg);
}

/** `rm` of /var/lib/apt/lists (its content or the folder, or /var/lib/apt itself). */
function removesAptLists(command: SimpleCommand): boolean {
  if (command.effective.name !== 'rm') return false;
  return command.effective.args.some((word) => /^\/var\/lib\/apt(\/lists)?\/?(\*)?$/.test(word.value));
}
