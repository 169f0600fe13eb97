// The stage chain: a stage and the stages it is built FROM. What a stage inherits (files, ENV,
// USER, CMD) comes down this chain, and the final stage's chain is what ships.
import type { Stage } from './types';

/** A stage and the stages it is built `FROM`, the root (the one FROM an image) first, `stage` last. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let current: Stage | null = stage; current && !chain.includes(current); current = current.parent) chain.unshift(current);
  return chain;
}

/**
 * How a stage is called to people, everywhere (hovers, outline, findings, the timings panel):
 * its name, else `stage N` counted from 0 the way BuildKit counts (`stage-1` in its step names).
 */
export function stageName(stage: { name: string | null; index: number }): string {
  return stage.name ?? `stage ${stage.index}`;
}

