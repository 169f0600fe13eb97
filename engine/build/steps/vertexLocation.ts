// Maps BuildKit vertex names (`[builder 2/6] RUN …`, `[1/4] COPY …`, `[internal] …`) and classic
// builder steps (`Step 3/9 : RUN …`) back to the Dockerfile instructions they came from.
import { sameImage } from '../../../common/imageRef';
import type { DockerfileOutline, OutlineInstruction, OutlineStage } from '../../dockerfile/outline';

export interface StepLocation {
  internal: boolean;
  stage: string | null;
  instruction: string | null;
  line: number | null;
  endLine: number | null;
}

const INTERNAL: StepLocation = { internal: true, stage: null, instruction: null, line: null, endLine: null };
/** Instructions that become a BuildKit vertex; WORKDIR does on newer frontends only. */
const STEP_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

/** The instructions of a stage that BuildKit numbers `1/M … M/M`. */
function numberedSteps(stage: OutlineStage, total: number): OutlineInstruction[] {
  const variant = (withWorkdir: boolean) => stage.instructions.filter((instruction) =>
    (instruction.keyword === 'FROM' && !stage.fromMakesNoStep) || STEP_KEYWORDS.has(instruction.keyword)
    || (withWorkdir && instruction.keyword === 'WORKDIR'));
  const withWorkdir = variant(true);
  return withWorkdir.length === total ? withWorkdir : variant(false).length === total ? variant(false) : withWorkdir;
}

const STEP_NAME = /^\[([^\]]*?)\s*(\d+)\/(\d+)\]\s+(\S+)/;

export interface ParsedVertexName {
  stageLabel: string | null;
  index: number;
  total: number;
  keyword: string;
}

export function parseVertexName(name: string): ParsedVertexName | undefined {
  const match = STEP_NAME.exec(name);
  if (!match) return undefined;
  // A prefix may hold a platform (`linux/arm64`) before the stage name; stage names have no `/`.
  const tokens = match[1].trim().split(/\s+/).filter(Boolean);
  const last = tokens[tokens.length - 1];
  return {
    stageLabel: last && !last.includes('/') ? last.toLowerCase() : null,
    index: Number(match[2]),
    total: Number(match[3]),
    keyword: match[4].toUpperCase(),
  };
}

/**
 * BuildKit shares a cached image source between builds and may report it under the name it had
 * in another Dockerfile (`[builder 1/6] FROM golang:…`): find the stage with that base instead.
 */
function locateForeignFrom(name: string, outline: DockerfileOutline): StepLocation | undefined {
  const image = /\]\s+FROM\s+(\S+)/i.exec(name)?.[1];
  if (!image) return undefined;
  const stage = outline.stages.find((candidate) => !candidate.fromMakesNoStep && sameImage(candidate.base, image));
  if (!stage) return undefined;
  const from = stage.instructions[0];
  return { internal: false, stage: outline.stages.length === 1 ? stage.name : stage.label, instruction: 'FROM', line: from.line, endLine: from.endLine };
}

export function locateVertex(name: string, outline: DockerfileOutline): StepLocation {
  const parsed = parseVertexName(name);
  if (!parsed) return INTERNAL;
  const { stageLabel, index, total, keyword } = parsed;
  const known = !stageLabel || outline.stages.some((candidate) => candidate.label === stageLabel || candidate.name === stageLabel);
  if (!known && keyword === 'FROM') {
    const foreign = locateForeignFrom(name, outline);
    if (foreign) return foreign;
  }
  const stage = stageLabel
    ? outline.stages.find((candidate) => candidate.label === stageLabel || candidate.name === stageLabel)
    : outline.stages.length === 1 ? outline.stages[0]
      : outline.stages.find((candidate) => numberedSteps(candidate, total).length === total) ?? outline.stages[outline.stages.length - 1];
  // BuildKit prints no stage for a lone unnamed stage; the record keeps that null.
  const location: StepLocation = { internal: false, stage: stageLabel ?? (stage?.name ?? null), instruction: keyword, line: null, endLine: null };
  if (!stage) return location;
  const numbered = numberedSteps(stage, total);
  let instruction: OutlineInstruction | undefined = numbered[index - 1];
  if (!instruction || instruction.keyword !== keyword) {
    // The frontend counted differently than expected: take the same-keyword instruction at the
    // same ordinal among the stage's instructions of that keyword.
    const ordinal = numbered.slice(0, index - 1).filter((candidate) => candidate.keyword === keyword).length;
    const sameKeyword = stage.instructions.filter((candidate) => candidate.keyword === keyword);
    instruction = sameKeyword[ordinal] ?? sameKeyword[sameKeyword.length - 1];
  }
  if (instruction) {
    location.line = instruction.line;
    location.endLine = instruction.endLine;
  }
  return location;
}

const CLASSIC_STEP = /^Step (\d+)\/(\d+) : (\S+)/;

/** `Step N/M : INSTR …` of the classic builder: N counts every instruction of the file. */
export function locateClassicStep(stepLine: string, outline: DockerfileOutline): StepLocation & { name: string } | undefined {
  const match = CLASSIC_STEP.exec(stepLine);
  if (!match) return undefined;
  const instruction = outline.all[Number(match[1]) - 1];
  const keyword = match[3].toUpperCase();
  const stageIndex = instruction ? outline.stages.findIndex((stage) => stage.instructions.includes(instruction)) : -1;
  return {
    name: stepLine.trim(),
    internal: false,
    stage: stageIndex >= 0 ? outline.stages[stageIndex].label : null,
    instruction: keyword,
    line: instruction?.line ?? null,
    endLine: instruction?.endLine ?? null,
  };
}
