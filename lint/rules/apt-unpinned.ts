// apt-unpinned (DL3008, off by default): `apt-get install pkg` without `pkg=<version>`.
import type { Finding, Rule } from '../rule';
import { isAptInstall, packageCommand } from '../util/packages';
import { shellCommandsOfRuns } from '../util/runCommands';

export const aptUnpinned: Rule = {
  meta: {
    id: 'apt-unpinned', category: 'layers', severity: 'info', aliases: ['DL3008'],
    description: 'apt-get install of a package without =<version> (off by default): a rebuild may install a different version.',
    fixable: false,
    defaultOff: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    // ONBUILD RUN triggers too: they install in every image built FROM this one.
    for (const command of shellCommandsOfRuns(ctx.model)) {
      const apt = packageCommand(command);
      if (!apt || !isAptInstall(apt)) continue;
      for (const word of apt.operands) {
        if (pinned(word.value)) continue;
        findings.push({
          range: word.range,
          message: `apt-get install ${word.value} without a version (${word.value}=<version>): a rebuild without cache installs whatever version the archive has then.`,
        });
      }
    }
    return findings;
  },
};

/** `pkg=1.2`, a release pin `pkg/bookworm`, or a local `.deb` file: the version is decided here. */
function pinned(value: string): boolean {
  return value.includes('=') || value.includes('/') || value.endsWith('.deb') || value.includes('$');
}
