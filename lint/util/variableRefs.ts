// Where a Dockerfile word refers to variables (`$X`, `${X}`, `${X:-default}`), as BuildKit's word
// expansion reads it: single quotes keep `$` literal, the escape character keeps the next
// character literal. Offsets are into the scanned text.
import { parseReference } from '../../dockerfile/variables';

export interface VariableReference {
  name: string;
  /** `:-`, `-`, `:+`, `+`, `:?`, `?`, or '' for a plain reference. */
  modifier: string;
  start: number;
  end: number;
}

/**
 * The top-level references of `text` (the default word of `${X:-$Y}` is not scanned). With
 * `quotes: false` (heredoc files BuildKit expands) quotes are ordinary characters.
 */
export function variableReferences(text: string, escapeChar: string, quotes = true): VariableReference[] {
  const references: VariableReference[] = [];
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === escapeChar && quote !== "'") {
      i++;
      continue;
    }
    if (quotes && (quote ? ch === quote : ch === '"' || ch === "'")) {
      quote = quote ? null : ch;
      continue;
    }
    if (ch !== '$' || quote === "'") continue;
    const reference = parseReference(text, i);
    if (!reference) continue;
    references.push({ name: reference.name, modifier: reference.modifier, start: i, end: reference.end });
    i = reference.end - 1;
  }
  return references;
}
