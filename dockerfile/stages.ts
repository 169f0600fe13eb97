// The stage chain: a stage and the stages it is built FROM. What a stage inherits (files, ENV,
// USER, CMD) comes down this chain, and the final stage's chain is what ships.
import type { Stage } from './types';

/** A stage and the stages it is built `FROM`, the root (the one FROM an image) first, `stage` last. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let current: Stage | null = stage; current && !chain.includes(current); current = current.parent) chain.unshift(current);
  return chain;
}
