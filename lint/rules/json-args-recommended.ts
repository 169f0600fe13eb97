// json-args-recommended: a shell-form CMD/ENTRYPOINT makes /bin/sh PID 1, which drops SIGTERM.
import type { Finding, Rule } from '../rule';
import type { Stage } from '../../dockerfile/types';
import { execFormFix, shellCommandRange } from '../util/execForm';

/** Shells for which the shell form is the idiom (Windows images). */
const NON_POSIX = /(?:^|[\\/])(?:pwsh|powershell|cmd)(?:\.exe)?$/i;

export const jsonArgsRecommended: Rule = {
  meta: {
    id: 'json-args-recommended',
    category: 'correctness',
    severity: 'warning',
    aliases: ['DL3025', 'JSONArgsRecommended'],
    description: 'Shell-form CMD/ENTRYPOINT: PID 1 is the shell and SIGTERM does not reach the app.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      // Shell-less stages: no-shell-in-runtime reports these lines, as errors.
      if (stage.runtime.shellLess) continue;
      const last = new Map<string, (typeof stage.instructions)[number]>();
      for (const instruction of stage.instructions) {
        if (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT') last.set(instruction.keyword, instruction);
      }
      for (const instruction of last.values()) {
        if (instruction.form !== 'shell' || instruction.heredocs.length) continue;
        const shell = ctx.model.stateAt(instruction)?.shell ?? [];
        if (NON_POSIX.test(shell[0] ?? '')) continue;
        const script = ctx.model.shellOf(instruction);
        const first = script?.commands[0];
        // `CMD exec ./server` replaces the shell with the app: signals arrive.
        if (first && !first.nested && first.name === 'exec' && script?.pipelines.length === 1) continue;
        const range = shellCommandRange(instruction);
        if (!range) continue;
        const fix = execFormFix(ctx, instruction, !(instruction.keyword === 'ENTRYPOINT' && hasCmd(stage)));
        findings.push({
          range,
          message: instruction.keyword === 'ENTRYPOINT'
            ? 'Shell-form ENTRYPOINT: /bin/sh is PID 1 and does not forward SIGTERM, so docker stop kills the app after 10 s without a graceful shutdown; CMD and docker run arguments are also ignored. Use exec form (JSON array).'
            : 'Shell-form CMD: /bin/sh is PID 1 and does not forward SIGTERM, so docker stop kills the app after 10 s without a graceful shutdown. Use exec form (JSON array).',
          fixes: fix ? [fix] : [],
        });
      }
    }
    return findings;
  },
};

function hasCmd(stage: Stage): boolean {
  for (let current: Stage | null = stage; current; current = current.parent) {
    if (current.instructions.some((instruction) => instruction.keyword === 'CMD')) return true;
  }
  return false;
}
