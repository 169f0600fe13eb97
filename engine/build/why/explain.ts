// Gives each step of a finished build its rebuild reason, against the last successful build of
// the same Dockerfile and target (a failed build's cache state is partial, so it is not compared).
import type { BuildRecord } from '../record';
import { explainRebuild } from './rebuildReasons';
import { reasonText } from './reasonText';
import type { RebuildReason } from './types';

/** Whether `previous` is a build `current` can be explained against. */
function comparable(previous: BuildRecord, current: BuildRecord): boolean {
  return previous.id !== current.id && previous.outcome === 'succeeded' && previous.inputs !== undefined
    && previous.dockerfile === current.dockerfile && (previous.target ?? null) === (current.target ?? null);
}

/** Sets `reason` on the steps of `current` that ran; returns how many got one. */
export function explainAgainst(previous: BuildRecord | undefined, current: BuildRecord): number {
  if (!current.inputs || !previous?.inputs || !comparable(previous, current)) return 0;
  let reasons: Map<number, RebuildReason>;
  try {
    reasons = explainRebuild({ steps: previous.steps, inputs: previous.inputs }, { steps: current.steps, inputs: current.inputs });
  } catch {
    // A record written by another version, say: the build itself stands without its reasons.
    return 0;
  }
  let count = 0;
  for (const step of current.steps) {
    const reason = step.line === null || step.internal ? undefined : reasons.get(step.line);
    if (reason && !step.cached) { step.reason = reason; step.why = reasonText(reason); count++; }
  }
  return count;
}
