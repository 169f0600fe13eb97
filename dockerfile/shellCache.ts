// Parsed shell scripts depend only on the instruction's text, position, escape character and
// whether SHELL sets pipefail; they are cached on exactly that, so re-linting after an edit
// elsewhere re-uses them. Bounded, so memory stays flat over long editing sessions.
import { shellSourcesOf } from './commandSource';
import { emptyScript, parseShell, type ShellScript } from './shell';
import type { Instruction } from './types';

const MAX_CACHED = 4000;
/** Parsed scripts cost 60–250 bytes per source character: cap the text they stand for (≤ ~50 MB). */
const MAX_CACHED_CHARS = 200_000;
const cache = new Map<string, ShellScript>();
let cachedChars = 0;

export function cachedShell(instruction: Instruction, escapeChar: string, pipefail: boolean): ShellScript {
  const { line, character } = instruction.range.start;
  const key = `${escapeChar}${pipefail ? 1 : 0}${line}:${character}|${instruction.text}`;
  let script = cache.get(key);
  if (script) {
    // Re-inserted below: the Map's order is the eviction order (least recently used first).
    cache.delete(key);
  } else {
    script = uncachedShell(instruction, escapeChar, pipefail);
    cachedChars += key.length;
    while (cache.size && (cache.size >= MAX_CACHED || cachedChars > MAX_CACHED_CHARS)) {
      const oldest = cache.keys().next().value as string;
      cache.delete(oldest);
      cachedChars -= oldest.length;
    }
  }
  cache.set(key, script);
  return script;
}

/** The instruction's shell script, parsed (no cache: for texts linted once). */
export function uncachedShell(instruction: Instruction, escapeChar: string, pipefail: boolean): ShellScript {
  const script = emptyScript();
  for (const source of shellSourcesOf(instruction, { escapeChar })) {
    const part = parseShell(source, pipefail);
    script.pipelines.push(...part.pipelines);
    script.commands.push(...part.commands);
  }
  return script;
}
