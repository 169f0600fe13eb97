// Why a step ran instead of coming from the cache, found by comparing this build with the last
// build of the same Dockerfile (same target): its own text changed; the files under its COPY
// sources changed (named); a build argument it sees changed (named, never its value); its base
// image changed; `--no-cache`; a step it depends on ran first (pointing at the root of the chain,
// so twenty steps after one edit show one cause); or, when nothing we can see changed, that the
// build cache was probably pruned.
import { dockerignoreMatcher } from '../../../common/dockerignore';
import { buildModel } from '../../../dockerfile/model';
import type { DockerfileModel, Instruction, Stage } from '../../../dockerfile/types';
import type { BuildStep } from '../record';
import { diffManifests, type ContextManifest } from './contextManifest';
import type { RebuildReason, RecordedInputs } from './types';

interface ComparedBuild {
  steps: BuildStep[];
  inputs: RecordedInputs;
}

/** An instruction's identity across edits: its stage (by name, else index) and its text, spaces folded. */
function identity(instruction: Instruction, model: DockerfileModel): string {
  const stage = model.stages[instruction.stageIndex];
  return `${stage?.name ?? `#${instruction.stageIndex}`}\0${instruction.text.replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim()}`;
}

/**
 * A reason for each Dockerfile step of `current` that ran (keyed by the step's line); none when
 * there is no earlier build to compare with. Cached and internal steps get none.
 */
export function explainRebuild(previous: ComparedBuild | null, current: ComparedBuild): Map<number, RebuildReason> {
  const reasons = new Map<number, RebuildReason>();
  if (!previous) return reasons;
  const model = buildModel(current.inputs.dockerfileText, { reuse: false });
  const before = buildModel(previous.inputs.dockerfileText, { reuse: false });
  const earlier = {
    texts: new Set(before.instructions.map((i) => identity(i, before))),
    byLine: new Map(before.instructions.map((i) => [i.range.start.line + 1, i])),
  };
  const byLine = new Map(current.steps.filter((s) => s.line !== null && !s.internal).map((s) => [s.line!, s]));
  const ran = [...byLine.values()].filter((s) => !s.cached && s.completed && !s.error).sort((a, b) => a.line! - b.line!);
  // Dependencies precede their dependants in the file, so line order settles roots first.
  for (const step of ran) {
    const instruction = model.instructions.find((i) => i.range.start.line + 1 === step.line);
    if (!instruction) continue;
    const reason = reasonFor(instruction, model, earlier, previous, current, byLine, reasons);
    if (reason) reasons.set(step.line!, reason);
  }
  return reasons;
}

interface Earlier {
  /** Identities of the last build's instructions. */
  texts: Set<string>;
  byLine: Map<number, Instruction>;
}

function reasonFor(instruction: Instruction, model: DockerfileModel, earlier: Earlier, previous: ComparedBuild, current: ComparedBuild, byLine: Map<number, BuildStep>, found: Map<number, RebuildReason>): RebuildReason | null {
  if (current.inputs.noCache) return { kind: 'no-cache' };
  if (!earlier.texts.has(identity(instruction, model))) {
    const old = earlier.byLine.get(instruction.range.start.line + 1);
    return old && old.keyword === instruction.keyword ? { kind: 'instruction-changed', before: old.text } : { kind: 'new-step' };
  }
  if (instruction.keyword === 'FROM') {
    // Resolving a local base image shows as a step that ran; it costs nothing unless the image changed.
    const image = model.stages[instruction.stageIndex]?.image.resolved.toLowerCase();
    const changed = image && image in current.inputs.baseImages && previous.inputs.baseImages[image] !== current.inputs.baseImages[image];
    return changed ? { kind: 'base-image', image } : null;
  }
  const files = changedSources(instruction, previous.inputs.context, current.inputs.context);
  if (files) return files;
  const names = changedArgs(instruction, model, previous.inputs.buildArgs, current.inputs.buildArgs);
  if (names.length) return { kind: 'build-arg', names };
  const root = rebuiltUpstream(instruction, model, byLine, found, new Set());
  if (root !== null) return { kind: 'parent', line: root };
  return { kind: 'cache-pruned' };
}

/**
 * The line of the first step upstream of `instruction` that ran, as the root of its chain (a
 * dependency that ran because of its own parent points further up). BuildKit may report a
 * `COPY --from` of a rebuilt stage as cached while the steps after it run, so a cached step is
 * looked through to what it depends on.
 */
function rebuiltUpstream(instruction: Instruction, model: DockerfileModel, byLine: Map<number, BuildStep>, found: Map<number, RebuildReason>, seen: Set<number>): number | null {
  for (const candidates of dependencies(instruction, model)) {
    const line = candidates.find((candidate) => byLine.has(candidate));
    if (line === undefined || seen.has(line)) continue;
    seen.add(line);
    const parent = byLine.get(line)!;
    // A FROM that "ran" without a changed image (a local image resolved again) rebuilt nothing.
    const ran = !parent.cached && !(parent.instruction === 'FROM' && !found.has(line));
    if (ran) {
      const reason = found.get(line);
      return reason?.kind === 'parent' ? reason.line : line;
    }
    const through = model.instructions.find((i) => i.range.start.line + 1 === line);
    const deeper = through ? rebuiltUpstream(through, model, byLine, found, seen) : null;
    if (deeper !== null) return deeper;
  }
  return null;
}

/** The context files under a COPY/ADD's sources that differ from the last build's; null when none. */
function changedSources(instruction: Instruction, before: ContextManifest | null, after: ContextManifest | null): RebuildReason | null {
  if (!before || !after || (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD')) return null;
  if (instruction.flags.some((flag) => flag.name === 'from')) return null;
  const words = instruction.json ?? instruction.args;
  const sources = words.slice(0, -1).map((word) => word.value);
  // A source built from a variable, or a URL (ADD), is not a context path we can narrow to.
  if (sources.some((source) => source.includes('$'))) return diffOrNull(before, after, () => true);
  const paths = sources.filter((source) => !/^[a-z]+:\/\//i.test(source)).map((source) => source.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, ''));
  if (!paths.length) return null;
  const whole = paths.some((p) => p === '' || p === '.');
  const under = whole ? () => true : dockerignoreMatcher(paths);
  return diffOrNull(before, after, under);
}

function diffOrNull(before: ContextManifest, after: ContextManifest, wanted: (path: string) => boolean): RebuildReason | null {
  const changes = diffManifests(before, after, wanted);
  return changes.added.length || changes.removed.length || changes.changed.length ? { kind: 'files-changed', ...changes } : null;
}

/**
 * Build arguments whose value changed and that the step sees: every ARG in scope for RUN (BuildKit
 * puts them in its environment, so they are part of its cache key), the ones it names elsewhere.
 */
function changedArgs(instruction: Instruction, model: DockerfileModel, before: Record<string, string>, after: Record<string, string>): string[] {
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((name) => before[name] !== after[name]);
  if (!changed.length) return [];
  const named = (name: string) => new RegExp(`\\$\\{?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(instruction.text);
  if (instruction.keyword === 'FROM') return changed.filter(named).sort();
  const vars = model.stateAt(instruction)?.vars;
  return changed.filter((name) => {
    if (vars?.get(name)?.source !== 'ARG') return false;
    return instruction.keyword === 'RUN' || named(name);
  }).sort();
}

/**
 * The steps this one builds on, each as candidate lines nearest first (metadata-only instructions
 * such as ENV make no step, so the nearest one that did is the parent): the instructions before it
 * in its stage chain, and the stages it copies or mounts from.
 */
function dependencies(instruction: Instruction, model: DockerfileModel): number[][] {
  const stage = model.stages[instruction.stageIndex];
  if (!stage) return [];
  const chains = [stepsBefore(stage, instruction.index)];
  for (const reference of stage.references) {
    if (reference.instruction === instruction && reference.kind !== 'from' && reference.target) chains.push(stepsBefore(reference.target, Infinity));
  }
  return chains;
}

/** Lines of the stage chain's instructions before `index`, nearest first. */
function stepsBefore(stage: Stage, index: number): number[] {
  const lines: number[] = [];
  for (let s: Stage | null = stage; s; s = s.parent) {
    const chainStage = s;
    const earlier = chainStage.instructions.filter((i) => i.index < index);
    lines.push(...earlier.reverse().map((i) => i.range.start.line + 1));
    // FROM an image is a step; FROM an earlier stage continues with that stage's steps.
    if (!chainStage.parent) lines.push(chainStage.from.range.start.line + 1);
    index = Infinity;
  }
  return lines;
}
