// stage-unused: a stage the final image (or the target) does not depend on: BuildKit skips it.
// Many Dockerfiles hold several targets (`--target dev`, `--target test`): a stage built that way
// is not dead code, and the rule cannot see the build command. So it stays silent on stages that
// look like a target (a CMD or ENTRYPOINT, or a target-like name) and on stages another stage
// uses (they belong to that stage's target); what is left is most likely forgotten.
import { stageName } from '../../dockerfile/stages';
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
      if (stage.referencedBy.length || looksLikeTarget(stage)) continue;
      const label = stage.name ? `"${stage.name}"` : `"${stageName(stage)}"`;
      findings.push({
        range: stage.nameRange ?? stage.image.range,
        message: `Stage ${label} is not used by the ${final === model.stages[model.stages.length - 1] ? 'final' : 'target'} image: BuildKit skips it (build it with --target, or remove it).`,
      });
    }
    return findings;
  },
};

/** Names teams give the stages they build with --target. */
const TARGET_NAME = /(^|[-_.])(dev|devel|develop|development|debug|test|tests|testing|e2e|integration|lint|ci|check|release|prod|production|local|docs?|tools?|update|shell|run|runtime|final|image|app|server|slim|full|distroless|alpine|debian|ubuntu)([-_.\d]|$)/;

function looksLikeTarget(stage: Stage): boolean {
  if (stage.name && TARGET_NAME.test(stage.name)) return true;
  return stage.instructions.some((instruction) => instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT');
}

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

/** A `--from=$VAR` or a `FROM` with a variable might name any stage: then nothing is reported. */
function hasUnresolvedReference(model: DockerfileModel): boolean {
  return model.instructions.some((instruction) => instruction.flags.some((flag) => {
    if (flag.name === 'from') return Boolean(flag.value?.includes('$'));
    if (flag.name === 'mount') return flag.options.some((option) => option.name === 'from' && Boolean(option.value?.includes('$')));
    return false;
  // A FROM built from a variable (`FROM base-${VARIANT}`) picks its stage at build time: its
  // default is only one of the choices a --build-arg can make.
  })) || model.stages.some((stage) => stage.image.unresolved || stage.image.raw.includes('$'));
}
