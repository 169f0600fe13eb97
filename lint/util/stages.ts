// Which stages end up in the shipped image, and what a stage inherits.
import { stageChain } from '../../dockerfile/stages';
import type { DockerfileModel, Instruction } from '../../dockerfile/types';

/**
 * Stages whose filesystem is the final image: the final stage and its `FROM` ancestors. What a
 * builder stage leaves behind (caches, package indexes) never ships, only what it hands over.
 */
function shippedStages(model: DockerfileModel): Set<number> {
  return new Set(model.finalStage ? stageChain(model.finalStage).map((stage) => stage.index) : []);
}

/**
 * RUN instructions of the shipped stages, in document order: where caches would reach the image.
 * An `ONBUILD RUN` trigger of any stage is one too: it runs in the build of every image `FROM` its
 * stage, and fills that image's layer.
 */
export function shippedRuns(model: DockerfileModel): Instruction[] {
  const shipped = shippedStages(model);
  return model.withTriggers.filter((instruction) => instruction.keyword === 'RUN'
    && (shipped.has(instruction.stageIndex) || model.instructions[instruction.index] !== instruction));
}

/** Instructions of the stage chain that run before `instruction` (FROM lines excluded). */
export function inheritedInstructionsBefore(model: DockerfileModel, instruction: Instruction): Instruction[] {
  const stage = model.stages[instruction.stageIndex];
  if (!stage) return [];
  return stageChain(stage).flatMap((s) => s.instructions).filter((other) => other.stageIndex !== instruction.stageIndex || other.index < instruction.index);
}
