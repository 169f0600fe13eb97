// The stages and instruction lines of a Dockerfile as the build side needs them (which line a
// BuildKit step or a classic `Step N/M` came from, which stages a build can target), derived from
// the one Dockerfile model so every feature reads a Dockerfile the same way.
import { buildModel } from '../../dockerfile/model';
import type { DockerfileModel } from '../../dockerfile/types';

export interface OutlineInstruction {
  keyword: string;
  /** 1-based first line; `endLine` is the last line of a multi-line instruction. */
  line: number;
  endLine: number;
}

export interface OutlineStage {
  index: number;
  /** Lower-cased `AS` name, or null. */
  name: string | null;
  /** How BuildKit names the stage in vertex names: its name, else `stage-<index>`. */
  label: string;
  /** FROM first. */
  instructions: OutlineInstruction[];
  /** FROM scratch or FROM an earlier stage: BuildKit shows no step for that FROM. */
  fromMakesNoStep: boolean;
  /** The FROM image after global ARGs, lower-cased (as written when a variable has no value). */
  base: string;
}

export interface DockerfileOutline {
  stages: OutlineStage[];
  /** Every instruction in file order, global ARGs included (the classic builder counts them). */
  all: OutlineInstruction[];
}

export function outlineDockerfile(source: string | DockerfileModel): DockerfileOutline {
  const model = typeof source === 'string' ? buildModel(source, { reuse: false }) : source;
  const lines = new Map(model.instructions.map((instruction) => [instruction, {
    keyword: instruction.keyword, line: instruction.range.start.line + 1, endLine: instruction.range.end.line + 1,
  }]));
  const stages = model.stages.map((stage): OutlineStage => {
    const base = stage.image.resolved.toLowerCase();
    return {
      index: stage.index,
      name: stage.name,
      label: stage.name ?? `stage-${stage.index}`,
      instructions: [stage.from, ...stage.instructions].map((instruction) => lines.get(instruction)!),
      fromMakesNoStep: base === 'scratch' || stage.parent !== null,
      base,
    };
  });
  return { stages, all: model.instructions.map((instruction) => lines.get(instruction)!) };
}
