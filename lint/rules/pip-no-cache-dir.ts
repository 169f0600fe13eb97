// pip-no-cache-dir (DL3042): `pip install` keeps downloaded wheels in /root/.cache/pip.
import type { Finding, Rule } from '../rule';
import { runMounts } from '../../dockerfile/mounts';
import type { Instruction } from '../../dockerfile/types';
import type { RuleContext } from '../ruleContext';
import { optionValues, packageCommand } from '../util/packages';
import { shippedRuns } from '../util/stages';

/** pip disables its cache for any boolean value of PIP_NO_CACHE_DIR, even a false one. */
const BOOLEAN = /^(1|0|y|n|yes|no|t|f|true|false|on|off)$/i;

export const pipNoCacheDir: Rule = {
  meta: {
    id: 'pip-no-cache-dir', category: 'layers', severity: 'info', aliases: ['DL3042'],
    description: 'pip install without --no-cache-dir keeps downloaded packages in the pip cache inside the layer.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of shippedRuns(ctx.model)) {
      const script = ctx.model.shellOf(instruction);
      if (!script) continue;
      const vars = ctx.model.stateAt(instruction)?.vars;
      const stageSetting = vars?.get('PIP_NO_CACHE_DIR')?.value;
      if (stageSetting !== undefined && stageSetting !== null && BOOLEAN.test(stageSetting)) continue;
      let exported = false;
      for (const command of script.commands) {
        // `export PIP_NO_CACHE_DIR=1 && pip install ...` configures every later pip of the RUN.
        if (command.effective.name === 'export' && command.effective.args.some((word) => exportsNoCache(word.value))) exported = true;
        if (exported) continue;
        const pip = packageCommand(command);
        if (!pip || pip.manager !== 'pip' || pip.subcommand !== 'install' || disablesCache(pip.options.map((word) => word.value))) continue;
        if (command.effective.env.some((env) => env.name === 'PIP_NO_CACHE_DIR' && BOOLEAN.test(env.value))) continue;
        const cacheDir = optionValues(pip, ['--cache-dir'])[0]
          ?? command.effective.env.find((env) => env.name === 'PIP_CACHE_DIR')?.value
          ?? vars?.get('PIP_CACHE_DIR')?.value ?? null;
        if (cachedByMount(ctx, instruction, cacheDir)) continue;
        findings.push({
          range: pip.subcommandWord.range,
          message: 'pip install without --no-cache-dir: every downloaded wheel stays in the pip cache (/root/.cache/pip) in this layer.',
          fixes: [{
            title: 'Insert --no-cache-dir', preferred: true, safe: true,
            edits: [ctx.insertAt(pip.subcommandWord.range.end, ' --no-cache-dir')],
          }],
        });
      }
    }
    return findings;
  },
};

/** pip (optparse) accepts any unambiguous prefix of a long option: `--no-cache` is `--no-cache-dir`. */
function disablesCache(options: string[]): boolean {
  return options.some((option) => option.length >= '--no-ca'.length && '--no-cache-dir'.startsWith(option.split('=')[0]));
}

function exportsNoCache(assignment: string): boolean {
  const eq = assignment.indexOf('=');
  return eq > 0 && assignment.slice(0, eq) === 'PIP_NO_CACHE_DIR' && BOOLEAN.test(assignment.slice(eq + 1));
}

/** A cache mount on the pip cache: `~/.cache/pip`, `~/.cache`, or the configured cache dir. */
function cachedByMount(ctx: RuleContext, instruction: Instruction, cacheDir: string | null): boolean {
  return runMounts(instruction).some((mount) => {
    if ((mount.type !== 'cache' && mount.type !== 'tmpfs') || !mount.target) return false;
    const target = ctx.model.expand(mount.target, instruction).value.replace(/\/+$/, '');
    if (/(^|\/)\.cache(\/pip)?$/.test(target)) return true;
    return cacheDir !== null && cacheDir.replace(/\/+$/, '') === target;
  });
}
