// apt-no-install-recommends (DL3015): without --no-install-recommends apt installs every
// "Recommends" package too.
import type { Finding, Rule } from '../rule';
import type { Instruction } from '../../dockerfile/types';
import type { RuleContext } from '../ruleContext';
import { hasOption, isAptInstall, optionValues, packageCommand } from '../util/packages';
import { inheritedInstructionsBefore } from '../util/stages';

const OFF = /^(0|false|no|off)$/i;

export const aptNoInstallRecommends: Rule = {
  meta: {
    id: 'apt-no-install-recommends', category: 'layers', severity: 'info', aliases: ['DL3015'],
    description: 'apt-get install without --no-install-recommends also installs recommended packages the image does not need.',
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
        if (!apt || !isAptInstall(apt) || hasOption(apt, '--no-install-recommends')) continue;
        const setting = optionValues(apt, ['-o', '--option']).find((value) => /^APT::Install-Recommends=/i.test(value));
        if (setting !== undefined && OFF.test(setting.slice(setting.indexOf('=') + 1))) continue;
        configured ??= recommendsOffByConfig(ctx, instruction);
        if (configured) continue;
        findings.push({
          range: apt.subcommandWord.range,
          message: 'apt-get install without --no-install-recommends: recommended packages (often tens to hundreds of MB) are installed too.',
          fixes: [{
            title: 'Insert --no-install-recommends', preferred: true,
            edits: [ctx.insertAt(apt.subcommandWord.range.end, ' --no-install-recommends')],
          }],
        });
      }
    }
    return findings;
  },
};

/**
 * An apt.conf.d setting written earlier in the stage chain (or in this RUN), e.g.
 * `echo 'APT::Install-Recommends "0";' > /etc/apt/apt.conf.d/99norecommends`, or a file copied
 * into /etc/apt (its content is unknown: assume the author configured apt there).
 */
function recommendsOffByConfig(ctx: RuleContext, instruction: Instruction): boolean {
  for (const earlier of [...inheritedInstructionsBefore(ctx.model, instruction), instruction]) {
    if ((earlier.keyword === 'COPY' || earlier.keyword === 'ADD') && earlier.args.length > 1) {
      const destination = earlier.args[earlier.args.length - 1].value;
      if (destination.startsWith('/etc/apt/apt.conf')) return true;
    }
    if (earlier.keyword !== 'RUN') continue;
    for (const command of ctx.model.shellOf(earlier)?.commands ?? []) {
      const writesConf = command.redirects.some((redirect) => redirect.target?.value.startsWith('/etc/apt/apt.conf'))
        || (command.effective.name === 'tee' && command.effective.args.some((word) => word.value.startsWith('/etc/apt/apt.conf')));
      if (!writesConf) continue;
      const words = [...command.argv, ...command.pipeline.commands.flatMap((c) => c.argv)].map((word) => word.value);
      if (words.some((word) => /Install-Recommends/i.test(word) && /["'\s](0|false)["';\s]*$|"(0|false)"/i.test(word))) return true;
    }
  }
  return false;
}
