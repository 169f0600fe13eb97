// apt-missing-yes (DL3014): `apt-get install` without -y aborts at the confirmation prompt.
import type { Finding, Rule } from '../rule';
import { hasOption, isAptInstall, optionValues, packageCommand, shortFlags, type PackageCommand } from '../util/packages';

export const aptMissingYes: Rule = {
  meta: {
    id: 'apt-missing-yes', category: 'layers', severity: 'error', aliases: ['DL3014'],
    description: 'apt-get install without -y stops at the confirmation prompt and fails the build.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of ctx.model.instructions) {
      if (instruction.keyword !== 'RUN') continue;
      const script = ctx.model.shellOf(instruction);
      if (!script) continue;
      for (const command of script.commands) {
        const apt = packageCommand(command);
        if (!apt || !isAptInstall(apt) || answersYes(apt)) continue;
        // `yes | apt-get install ...` answers the prompt.
        const inPipe = command.pipeline.commands;
        if (inPipe.indexOf(command) > 0 && inPipe.slice(0, inPipe.indexOf(command)).some((c) => c.effective.name === 'yes')) continue;
        findings.push({
          range: apt.subcommandWord.range,
          message: 'apt-get install without -y: apt asks "Do you want to continue?", reads no answer and the build fails.',
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
  // -qq, -q -q, -q=2, --quiet=2: quiet level 2 implies -y.
  const quietCount = short.filter((flag) => flag === 'q').length + apt.options.filter((word) => word.value === '--quiet').length;
  if (quietCount >= 2) return true;
  if (optionValues(apt, ['-q', '--quiet']).some((level) => Number(level) >= 2)) return true;
  return optionValues(apt, ['-o', '--option']).some((value) => /^APT::Get::Assume-Yes=(1|true|yes)$/i.test(value));
}
