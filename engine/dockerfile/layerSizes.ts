// Which Dockerfile line made which layer of a built image, so the inline figures can show sizes.
// The image's newest history entries are the built stage's instructions in order; matching runs
// backwards by keyword and stops at the first entry no remaining instruction explains (the base).
import type { DockerfileOutline } from '../build/steps/vertexLocation';

export interface LayerLike {
  /** `RUN`, `COPY`, `ENV`, … as history.ts `instructionOf` reports it. */
  instruction: string;
  sizeBytes: number;
}

/** Line (1-based) → layer size in bytes, for the stage that became the image. */
export function layerSizesByLine(outline: DockerfileOutline, layers: LayerLike[], target: string | null): Map<number, number> {
  const sizes = new Map<number, number>();
  const stage = target
    ? outline.stages.find((candidate) => candidate.name === target.toLowerCase() || candidate.label === target.toLowerCase())
    : outline.stages[outline.stages.length - 1];
  if (!stage) return sizes;
  const instructions = stage.instructions.filter((instruction) => instruction.keyword !== 'FROM');
  let next = instructions.length - 1;
  for (let index = layers.length - 1; index >= 0 && next >= 0; index--) {
    const keyword = layers[index].instruction.toUpperCase();
    let match = next;
    while (match >= 0 && instructions[match].keyword !== keyword) match--;
    if (match < 0) break;
    sizes.set(instructions[match].line, layers[index].sizeBytes);
    next = match - 1;
  }
  return sizes;
}
