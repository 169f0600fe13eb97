// wget-progress (DL3047): wget with no output control floods a build log with its progress dots.
import type { Finding, Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import { binSh } from '../util/binSh';
import { stageChain } from '../../dockerfile/stages';
import type { Stage } from '../../dockerfile/types';

export const wgetProgress: Rule = {
  meta: {
    id: 'wget-progress', category: 'layers', severity: 'info', aliases: ['DL3047'],
    description: 'wget without -q, -nv, --progress or a log file: in a build (no terminal) GNU wget prints a line of progress dots per 50 KB.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    // Whether a stage's chain installs GNU wget, asked once per stage (not once per RUN: quadratic).
    const gnuWget = new Map<Stage, boolean>();
    const quietByDefault = (stage: Stage | undefined) => {
      if (!stage || binSh(stage) !== 'ash') return false;
      let installs = gnuWget.get(stage);
      if (installs === undefined) gnuWget.set(stage, (installs = installsGnuWget(ctx, stage)));
      return !installs;
    };
    // ONBUILD RUN triggers too: they run in every image built FROM this one.
    for (const instruction of ctx.model.withTriggers) {
      if (instruction.keyword !== 'RUN') continue;
      const script = ctx.model.shellOf(instruction);
      if (!script) continue;
      const noisy = script.commands.filter((command) => command.effective.name === 'wget' && !controlsOutput(command.effective.args.map((word) => word.value)));
      // BusyBox's wget (Alpine, busybox) prints no progress dots without a terminal; GNU wget
      // is there only when the stage installs it.
      if (!noisy.length || quietByDefault(ctx.model.stages[instruction.stageIndex])) continue;
      for (const command of noisy) {
        findings.push({
          range: command.range,
          message: 'wget without -q, -nv, --progress or a log file (-o/-a): with no terminal, GNU wget writes a line of progress dots per 50 KB downloaded into the build log. Add --progress=dot:giga (GNU wget) or -q.',
        });
      }
    }
    return findings;
  },
};

/** True when an `apk add` of the stage chain installs GNU wget. */
function installsGnuWget(ctx: RuleContext, stage: Stage): boolean {
  return stageChain(stage).some((current) => current.instructions.some((instruction) => {
    const script = instruction.keyword === 'RUN' ? ctx.model.shellOf(instruction) : null;
    return Boolean(script?.commands.some((command) => command.effective.name === 'apk' && command.effective.args.some((word) => word.value === 'wget')));
  }));
}

function controlsOutput(args: string[]): boolean {
  return args.some((arg) =>
    ['-q', '--quiet', '-nv', '--no-verbose', '-o', '-a'].includes(arg)
    || /^--(progress|output-file|append-output)(=|$)/.test(arg)
    // short clusters such as -qO- or -qO /dev/stdout
    || /^-[A-Za-z]*q/.test(arg) && !arg.startsWith('--'));
}
