// apk-no-cache (DL3019): `apk add` without `--no-cache` leaves the APKINDEX in the layer.
import type { Finding, Rule } from '../rule';
import { hasScratchMountOn } from '../../dockerfile/mounts';
import { hasOption, packageCommand } from '../util/packages';
import { shippedRuns } from '../util/stages';

const APK_CACHE = '/var/cache/apk';

export const apkNoCache: Rule = {
  meta: {
    id: 'apk-no-cache', category: 'layers', severity: 'warning', aliases: ['DL3019'],
    description: 'apk add without --no-cache keeps the package index (/var/cache/apk) in the image layer.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    // Builder stages are thrown away: their apk cache never reaches the image.
    for (const instruction of shippedRuns(ctx.model)) {
      if (hasScratchMountOn(instruction, APK_CACHE) || hasScratchMountOn(instruction, '/etc/apk/cache')) continue;
      const script = ctx.model.shellOf(instruction);
      if (!script) continue;
      // Found once per script (not once per `apk add`: a heredoc of 100k adds was quadratic).
      let lastRemoval = script.commands.length - 1;
      while (lastRemoval >= 0 && !removesApkCache(script.commands[lastRemoval].effective)) lastRemoval--;
      script.commands.forEach((command, index) => {
        const apk = packageCommand(command);
        if (!apk || apk.manager !== 'apk' || apk.subcommand !== 'add' || hasOption(apk, '--no-cache') || hasOption(apk, '--no-network')) return;
        if (lastRemoval > index) return;
        findings.push({
          range: apk.subcommandWord.range,
          message: 'apk add without --no-cache: the package index (/var/cache/apk, ~2 MB per repository) stays in this layer.',
          fixes: [{
            title: 'Insert --no-cache', preferred: true, safe: true,
            edits: [ctx.insertAt(apk.subcommandWord.range.end, ' --no-cache')],
          }],
        });
      });
    }
    return findings;
  },
};

/** `rm -rf /var/cache/apk/*` (or the folder itself) after the install: nothing is left behind. */
function removesApkCache(command: { name: string | null; args: Array<{ value: string }> }): boolean {
  return command.name === 'rm' && command.args.some((arg) => /^\/var\/cache\/apk\/?(\*)?$/.test(arg.value));
}
