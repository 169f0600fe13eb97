// stage-unused: a stage the final image (or the target) does not depend on: BuildKit skips it.
import type { Finding, Rule } from '../rule';
import type { DockerfileModel, Stage } from '../../dockerfile/types';
import { editDistance } from '../util/closest';

export const stageUnused: Rule = {
  meta: {
    id: 'stage-unused',
    category: 'stages',
    severity: 'info',
    aliases: [],
    description: 'A stage the final image does not depend on: BuildKit skips it, the legacy builder still builds it.',
    fixable: false,
  },
  check(ctx) {
    const model = ctx.model;
    const final = model.finalStage;
    if (!final || model.stages.length < 2 || hasUnresolvedReference(model)) return [];
    const used = reachableFrom(final);
    // `COPY --from=biuld` is reported by copy-from-unknown-stage; the stage it meant is not unused.
    const misspelt = [...used].flatMap((stage) => stage.references).filter((reference) => !reference.target).map((reference) => reference.ref.toLowerCase());
    const findings: Finding[] = [];
    for (const stage of model.stages) {
      if (used.has(stage)) continue;
      if (stage.name && misspelt.some((ref) => editDistance(ref, stage.name!, 2) <= 2)) continue;
      const label = stage.name ? `"${stage.name}"` : `#${stage.index}`;
      findings.push({
        range: stage.nameRange ?? stage.image.range,
        message: `Stage ${label} is not used by the ${final === model.stages[model.stages.length - 1] ? 'final' : 'target'} image: BuildKit skips it (build it with --target, or remove it).`,
      });
    }
    return findings;
  },
};

function reachableFrom(final: Stage): Set<Stage> {
  const seen = new Set<Stage>();
  const pending = [final];
  while (pending.length) {
    const stage = pending.pop()!;
    if (seen.has(stage)) continue;
    seen.add(stage);
    for (const reference of stage.references) if (reference.target) pending.push(reference.target);
  }
  return seen;
}

/** A `--from=$VAR` we cannot resolve might name any stage: then nothing is reported. */
function hasUnresolvedReference(model: DockerfileModel): boolean {
  return model.instructions.some((instruction) => instruction.flags.some((flag) => {
    if (flag.name === 'from') return Boolean(flag.value?.includes('$'));
    if (flag.name === 'mount') return flag.options.some((option) => option.name === 'from' && Boolean(option.value?.includes('$')));
    return false;
  })) || model.stages.some((stage) => stage.image.unresolved);
}
