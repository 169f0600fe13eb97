// Parsed shell scripts depend only on the instruction's text, position, escape character and
// whether SHELL sets pipefail; they are cached on exactly that, so re-linting after an edit
// elsewhere re-uses them. Bounded, so memory stays flat over long editing sessions.
import { shellSourcesOf } from './commandSource';
import { emptyScript, parseShell, type ShellScript } from './shell';
import type { Instruction } from './types';

const MAX_CACHED = 4000;
const cache = new Map<string, ShellScript>();

export function cachedShell(instruction: Instruction, escapeChar: string, pipefail: boolean): ShellScript {
  const { line, character } = instruction.range.start;
  const key = `${escapeChar}${pipefail ? 1 : 0}${line}:${character}|${instruction.text}`;
  let script = cache.get(key);
  if (script) {
    cache.delete(key);
  } else {
    script = emptyScript();
    for (const source of shellSourcesOf(instruction, { escapeChar })) {
      const part = parseShell(source, pipefail);
      script.pipelines.push(...part.pipelines);
      script.commands.push(...part.commands);
    }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, script);
  return script;
}
