// no-shell-in-runtime: scratch and distroless have no /bin/sh, so shell forms cannot run there.
import type { Finding, Rule, RuleContext } from '../rule';
import type { Instruction, Stage } from '../../dockerfile/types';
import { execFormFix, shellCommandRange } from '../util/execForm';
import { goOutputs } from '../util/goOutputs';
import { mayContain, placements } from '../util/stageFiles';

export const noShellInRuntime: Rule = {
  meta: {
    id: 'no-shell-in-runtime',
    category: 'stages',
    severity: 'error',
    aliases: [],
    description: 'Shell-form CMD/ENTRYPOINT/HEALTHCHECK or RUN in a scratch/distroless stage, which has no /bin/sh.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      if (!stage.runtime.shellLess) continue;
      const image = stage.runtime.scratch ? 'scratch' : 'distroless';
      for (const instruction of effectiveInstructions(stage)) {
        if (instruction.keyword === 'RUN') {
          const finding = runFinding(ctx, stage, instruction, image);
          if (finding) findings.push(finding);
          continue;
        }
        if (instruction.form !== 'shell') continue;
        // `CMD --doit now`: BuildKit reads --doit as a flag and the build stops (syntax reports it).
        if (instruction.keyword !== 'HEALTHCHECK' && instruction.args[0]?.value.startsWith('--')) continue;
        const range = shellCommandRange(instruction) ?? instruction.keywordRange;
        const fix = execFormFix(ctx, instruction, !(instruction.keyword === 'ENTRYPOINT' && hasCmd(stage)));
        findings.push({
          range,
          message: `Shell-form ${instruction.keyword} in a ${image} image: it runs /bin/sh -c, and there is no /bin/sh here, so ${instruction.keyword === 'HEALTHCHECK' ? 'every health probe fails' : 'the container fails to start'}. Use exec form (JSON array).`,
          fixes: fix ? [fix] : [],
        });
      }
    }
    return findings;
  },
};

/** RUNs, and the last CMD/ENTRYPOINT/HEALTHCHECK of the stage (earlier ones never run). */
function effectiveInstructions(stage: Stage): Instruction[] {
  const last = new Map<string, Instruction>();
  for (const instruction of stage.instructions) {
    if (instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT' || instruction.keyword === 'HEALTHCHECK') last.set(instruction.keyword, instruction);
  }
  return stage.instructions.filter((instruction) => instruction.keyword === 'RUN' || last.get(instruction.keyword) === instruction);
}

function hasCmd(stage: Stage): boolean {
  for (let current: Stage | null = stage; current; current = current.parent) {
    if (current.instructions.some((instruction) => instruction.keyword === 'CMD')) return true;
  }
  return false;
}

function runFinding(ctx: RuleContext, stage: Stage, instruction: Instruction, image: string): Finding | null {
  if (instruction.form === 'json') {
    // An exec-form RUN of a binary the stage copied in needs no shell.
    const program = instruction.json?.[0]?.value ?? '';
    if (program.startsWith('/') && mayContain(placements(ctx.model, stage, instruction, goOutputs(ctx)), program)) return null;
    return {
      range: instruction.json?.[0]?.range ?? instruction.keywordRange,
      message: `RUN ${program} in a ${image} image: nothing in this stage provides ${program}, so the build fails. Do this work in a builder stage and COPY --from the result.`,
    };
  }
  return {
    range: instruction.keywordRange,
    message: `RUN in a ${image} image: it needs /bin/sh, which does not exist here, so the build fails. Do this work in a builder stage and COPY --from the result.`,
  };
}
