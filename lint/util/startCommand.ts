// What a stage's container starts: the words of its last ENTRYPOINT and CMD (through parent stages).
import { stageChain } from '../../dockerfile/stages';
import type { DockerfileModel, Stage } from '../../dockerfile/types';

/**
 * Every word of the ENTRYPOINT and CMD the stage starts with, also inside `sh -c "..."` and
 * behind wrappers (`tini --`, entrypoint scripts), in order; null when it has neither.
 */
export function startWords(model: DockerfileModel, stage: Stage): string[] | null {
  const instructions = stageChain(stage).flatMap((member) => member.instructions);
  const last = (keyword: string) => [...instructions].reverse().find((i) => i.keyword === keyword);
  const starts = [last('ENTRYPOINT'), last('CMD')].filter((i) => i !== undefined);
  if (!starts.length) return null;
  const words: string[] = [];
  for (const instruction of starts) {
    const texts = instruction.form === 'json'
      ? (instruction.json ?? []).map((word) => word.value)
      : [model.text.slice(model.offsetAt(instruction.keywordRange.end), model.offsetAt(instruction.range.end))];
    for (const text of texts) words.push(...text.split(/[\s;&|()`"'\\]+/).filter(Boolean));
  }
  return words;
}

/** `/usr/local/bin/Hugo` → `hugo`. */
export function programName(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1).toLowerCase();
}
