// apk-unpinned (DL3018, off by default): `apk add pkg` without `pkg=<version>` (or `~`, `<`, `>`).
import type { Finding, Rule } from '../rule';
import { packageCommand } from '../util/packages';
import { shellCommandsOfRuns } from '../util/runCommands';

export const apkUnpinned: Rule = {
  meta: {
    id: 'apk-unpinned', category: 'layers', severity: 'info', aliases: ['DL3018'],
    description: 'apk add of a package without a version constraint (off by default): a rebuild may install a different version.',
    fixable: false,
    defaultOff: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    // ONBUILD RUN triggers too: they install in every image built FROM this one.
    for (const command of shellCommandsOfRuns(ctx.model)) {
      const apk = packageCommand(command);
      if (!apk || apk.manager !== 'apk' || apk.subcommand !== 'add') continue;
      for (const word of apk.operands) {
        if (/[=~<>$]/.test(word.value) || word.value.endsWith('.apk')) continue;
        findings.push({
          range: word.range,
          message: `apk add ${word.value} without a version (${word.value}=<version>, or ~<version> for a series): a rebuild without cache installs whatever version the repository has then.`,
        });
      }
    }
    return findings;
  },
};
