// wget-progress (DL3047): wget with no output control floods a build log with its progress dots.
import type { Finding, Rule } from '../rule';

export const wgetProgress: Rule = {
  meta: {
    id: 'wget-progress', category: 'layers', severity: 'info', aliases: ['DL3047'],
    description: 'wget without -q, -nv, --progress or a log file: in a build (no terminal) GNU wget prints a line of progress dots per 50 KB.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    // ONBUILD RUN triggers too: they run in every image built FROM this one.
    for (const instruction of ctx.model.withTriggers) {
      if (instruction.keyword !== 'RUN') continue;
      const script = ctx.model.shellOf(instruction);
      if (!script) continue;
      for (const command of script.commands) {
        if (command.effective.name !== 'wget' || controlsOutput(command.effective.args.map((word) => word.value))) continue;
        findings.push({
          range: command.range,
          message: 'wget without -q, -nv, --progress or a log file (-o/-a): with no terminal, GNU wget writes a line of progress dots per 50 KB downloaded into the build log. Add --progress=dot:giga (GNU wget) or -q.',
        });
      }
    }
    return findings;
  },
};

function controlsOutput(args: string[]): boolean {
  return args.some((arg) =>
    ['-q', '--quiet', '-nv', '--no-verbose', '-o', '-a'].includes(arg)
    || /^--(progress|output-file|append-output)(=|$)/.test(arg)
    // short clusters such as -qO- or -qO /dev/stdout
    || /^-[A-Za-z]*q/.test(arg) && !arg.startsWith('--'));
}
