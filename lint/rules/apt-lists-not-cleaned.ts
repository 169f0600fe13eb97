// apt-lists-not-cleaned (DL3009): `apt-get update` + `install` in a RUN that does not remove
// /var/lib/apt/lists afterwards bakes the package index into the layer.
import type { Finding, Rule } from '../rule';
import { hasScratchMountOn, runMounts } from '../../dockerfile/mounts';
import type { SimpleCommand } from '../../dockerfile/shell';
import type { Instruction } from '../../dockerfile/types';
import type { RuleContext } from '../ruleContext';
import { isAptInstall, isAptUpdate, packageCommand } from '../util/packages';
import { appendPoint } from '../util/runEdits';
import { stageChain } from '../../dockerfile/stages';
import { inheritedInstructionsBefore, shippedRuns } from '../util/stages';

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
      const script = ctx.model.shellOf(instruction);
      if (!script) continue;
      const kept = keptArchives(ctx, instruction, script.commands);
      if (kept) findings.push(kept);
      if (hasScratchMountOn(instruction, '/var/lib/apt/lists')) continue;
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
      // A trigger's later installs are in the images built FROM this one, out of sight.
      const trigger = ctx.model.instructions[instruction.index] !== instruction;
      const reliant = trigger ? null : laterInstallWithoutUpdate(ctx, instruction);
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

/**
 * The Debian/Ubuntu images delete downloaded .debs after each install (the docker-clean apt
 * hook). Once an earlier command removed that hook (the usual preparation for a cache mount),
 * the .debs stay in /var/cache/apt unless it is a cache/tmpfs mount or cleaned in the same RUN.
 */
function keptArchives(ctx: RuleContext, instruction: Instruction, commands: SimpleCommand[]): Finding | null {
  const lastInstall = commands.map(isInstall).lastIndexOf(true);
  if (lastInstall < 0 || hasScratchMountOn(instruction, '/var/cache/apt/archives')) return null;
  if (commands.slice(lastInstall + 1).some(cleansArchives)) return null;
  const before = commands.slice(0, lastInstall).find(keepsArchives)
    ?? earlierInstructions(ctx, instruction)
      .filter((other) => other.keyword === 'RUN')
      .flatMap((other) => ctx.model.shellOf(other)?.commands ?? [])
      .find(keepsArchives);
  if (!before) return null;
  const install = packageCommand(commands[lastInstall])!;
  const listsMounted = hasScratchMountOn(instruction, '/var/lib/apt/lists');
  const mount = runMounts(instruction).find((m) => m.type === 'cache' && m.target && /^\/var\/lib\/apt\/?$/.test(m.target));
  const sharing = mount?.options.get('sharing');
  return {
    range: install.subcommandWord.range,
    message: `apt keeps the downloaded .deb files (the docker-clean hook is removed or Keep-Downloaded-Packages is set) and /var/cache/apt is not a cache mount${listsMounted ? ' (only /var/lib/apt is)' : ''}: the packages' .deb files stay in this layer.`,
    related: [{ range: before.range, message: 'keeps the downloaded .deb files from here on' }],
    fixes: mount ? [{
      title: 'Add a cache mount on /var/cache/apt', preferred: true,
      edits: [ctx.insertAt(mount.flag.range.end, ` --mount=type=cache,target=/var/cache/apt${sharing ? `,sharing=${sharing}` : ''}`)],
    }] : undefined,
  };
}

/**
 * What ran before `instruction` in its image: the stage chain's earlier instructions and, for an
 * ONBUILD trigger, the earlier triggers too (they run first in the child's build).
 */
function earlierInstructions(ctx: RuleContext, instruction: Instruction): Instruction[] {
  const earlier = inheritedInstructionsBefore(ctx.model, instruction);
  const trigger = ctx.model.instructions[instruction.index] !== instruction;
  return trigger ? earlier.flatMap((other) => (other.trigger ? [other, other.trigger] : [other])) : earlier;
}

/** `rm … /etc/apt/apt.conf.d/docker-clean`, or a command writing `Keep-Downloaded-Packages "true"`. */
function keepsArchives(command: SimpleCommand): boolean {
  const args = command.effective.args;
  if (command.effective.name === 'rm' && args.some((word) => /\/apt\.conf\.d\/docker-clean$/.test(word.value))) return true;
  return args.some((word) => /Keep-Downloaded-Packages\s*"?(true|1|yes)/i.test(word.value));
}

/** `apt-get clean`, or `rm` of /var/cache/apt (its archives, or their .debs). */
function cleansArchives(command: SimpleCommand): boolean {
  const pkg = packageCommand(command);
  if (pkg?.manager === 'apt' && ['clean', 'dist-clean', 'distclean'].includes(pkg.subcommand)) return true;
  if (command.effective.name !== 'rm') return false;
  return command.effective.args.some((word) => /^\/var\/cache\/apt(\/archives)?\/?(\*(\.deb)?)?$/.test(word.value));
}

function isInstall(command: SimpleCommand): boolean {
  const pkg = packageCommand(command);
  return !!pkg && isAptInstall(pkg);
}

function isUpdate(command: SimpleCommand): boolean {
  const pkg = packageCommand(command);
  return !!pkg && isAptUpdate(pkg);
}

/** `rm` of /var/lib/apt/lists (its content or the folder, or /var/lib/apt itself), or apt's own `dist-clean`. */
function removesAptLists(command: SimpleCommand): boolean {
  const pkg = packageCommand(command);
  if (pkg?.manager === 'apt' && (pkg.subcommand === 'dist-clean' || pkg.subcommand === 'distclean')) return true;
  if (command.effective.name !== 'rm') return false;
  return command.effective.args.some((word) => /^\/var\/lib\/apt(\/lists)?\/?(\*)?$/.test(word.value));
}
