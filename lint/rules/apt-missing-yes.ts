// apt-missing-yes (DL3014): `apt-get install` without -y aborts at the confirmation prompt.
import type { Finding, Rule } from '../rule';
import type { ShellScript, SimpleCommand } from '../../dockerfile/shell';
import type { Instruction } from '../../dockerfile/types';
import type { RuleContext } from '../ruleContext';
import { hasOption, isAptInstall, optionValues, packageCommand, shortFlags, type PackageCommand } from '../util/packages';
import { inheritedInstructionsBefore } from '../util/stages';

/**
 * Packages on every system where apt-get runs: Debian's Essential set and apt's own dependencies.
 * Naming only these installs (or upgrades) exactly what is named, so apt does not ask.
 */
const ALWAYS_INSTALLED = new Set([
  'apt', 'base-files', 'base-passwd', 'bash', 'bsdutils', 'coreutils', 'dash', 'debconf', 'debianutils', 'diffutils',
  'dpkg', 'findutils', 'gpgv', 'grep', 'gzip', 'hostname', 'init-system-helpers', 'libc-bin', 'libc6', 'libseccomp2',
  'libstdc++6', 'libsystemd0', 'libudev1', 'login', 'ncurses-base', 'ncurses-bin', 'perl-base', 'sed', 'sysvinit-utils',
  'tar', 'util-linux', 'zlib1g',
]);

/** `APT::Get::Assume-Yes "true";` written into an apt configuration file. */
const ASSUME_YES_CONFIG = /APT::Get::Assume-Yes\s*(?:=\s*|\s)\\?["']?(?:1|true|yes)\b/i;

export const aptMissingYes: Rule = {
  meta: {
    id: 'apt-missing-yes', category: 'layers', severity: 'error', aliases: ['DL3014'],
    description: 'apt-get install without -y stops at the confirmation prompt and fails the build.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of ctx.model.withTriggers) {
      if (instruction.keyword !== 'RUN') continue;
      const script = ctx.model.shellOf(instruction);
      if (!script) continue;
      let configured: boolean | null = null;
      for (const command of script.commands) {
        const apt = packageCommand(command);
        if (!apt || !isAptInstall(apt) || answersYes(apt) || answeredByPipe(command) || neverPrompts(apt, script)) continue;
        configured ??= assumeYesConfigured(ctx, instruction);
        if (configured) continue;
        findings.push({
          range: apt.subcommandWord.range,
          message: 'apt-get install without -y: when it installs any package not named here (a dependency) or removes one, apt asks "Do you want to continue?", reads no answer, aborts, and the build fails.',
          fixes: [{
            title: 'Insert -y', preferred: true, safe: true,
            edits: [ctx.insertAt(apt.subcommandWord.range.end, ' -y')],
          }],
        });
      }
    }
    return findings;
  },
};

function answersYes(apt: PackageCommand): boolean {
  if (hasOption(apt, '--yes', '--assume-yes', '--force-yes', '--simulate', '--just-print', '--dry-run', '--recon', '--no-act')) return true;
  const short = shortFlags(apt);
  if (short.includes('y') || short.includes('s')) return true;
  // -qq, -q -q, -q=2, --quiet=2: quiet level 2 implies -y (apt-get(8)).
  const quietCount = short.filter((flag) => flag === 'q').length + apt.options.filter((word) => word.value === '--quiet').length;
  if (quietCount >= 2) return true;
  if (optionValues(apt, ['-q', '--quiet']).some((level) => Number(level) >= 2)) return true;
  return optionValues(apt, ['-o', '--option']).some((value) => /^APT::Get::Assume-Yes=(1|true|yes)$/i.test(value));
}

/** `yes | apt-get install ...` answers the prompt (DEBIAN_FRONTEND=noninteractive does not: it is for debconf). */
function answeredByPipe(command: SimpleCommand): boolean {
  const inPipe = command.pipeline.commands;
  const at = inPipe.indexOf(command);
  return at > 0 && inPipe.slice(0, at).some((c) => c.effective.name === 'yes');
}

/**
 * apt asks only when it would install packages not named or remove some. Packages every apt
 * system has pull in nothing new. With no package named:
 * plain `install` changes nothing, and `-f install` only repairs what a failed `dpkg -i` left
 * broken, which cannot be after `dpkg -i … &&` (it runs only when dpkg succeeded).
 */
function neverPrompts(apt: PackageCommand, script: ShellScript): boolean {
  if (apt.operands.length) return apt.operands.every((word) => !word.dynamic && ALWAYS_INSTALLED.has(word.value));
  const fixBroken = hasOption(apt, '--fix-broken') || shortFlags(apt).includes('f');
  if (!fixBroken) return true;
  const pipeline = apt.command.pipeline;
  const index = script.pipelines.indexOf(pipeline);
  if (index <= 0 || pipeline.commands.length > 1) return false;
  // Walk back over the pipelines that must have succeeded for this one to run.
  for (let k = index; k > 0 && script.pipelines[k].separator === '&&'; k--) {
    if (script.pipelines[k - 1].commands.some(isDpkgInstall)) return true;
  }
  return false;
}

function isDpkgInstall(command: SimpleCommand): boolean {
  if (command.effective.name !== 'dpkg') return false;
  return command.effective.args.some((word) => word.value === '--install' || /^-[a-zA-Z]*i[a-zA-Z]*$/.test(word.value));
}

/** Assume-Yes written into apt's configuration earlier in this RUN or by an earlier RUN of the stage chain. */
function assumeYesConfigured(ctx: RuleContext, instruction: Instruction): boolean {
  const earlier = [...inheritedInstructionsBefore(ctx.model, instruction), instruction];
  return earlier.some((other) => other.keyword === 'RUN' && ASSUME_YES_CONFIG.test(other.text));
}
