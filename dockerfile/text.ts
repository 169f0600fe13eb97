// Text helpers shared by the model: turning a span of a Dockerfile into the logical text the
// builder sees (line continuations and comment lines inside them removed) while keeping, for
// every logical character, its document offset.
import type { ShellSource } from './shell';

/** Logical text of `text[start, end)`: escape+newline removed, with comment/blank lines after it. */
export function logicalSource(text: string, start: number, end: number, escapeChar: string, positionAt: ShellSource['positionAt']): ShellSource {
  let logical = '';
  const offsets: number[] = [];
  let i = start;
  while (i < end) {
    const ch = text[i];
    if (ch === escapeChar) {
      const after = continuationEnd(text, i + 1, end);
      if (after >= 0) {
        i = skipIgnoredLines(text, after, end);
        continue;
      }
    }
    logical += ch;
    offsets.push(i);
    i++;
  }
  offsets.push(end);
  return { text: logical, offsets, positionAt };
}

/** After an escape char at `from - 1`: the offset after its newline, or -1 when it is not a continuation. */
function continuationEnd(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
  if (text[i] === '\r') return text[i + 1] === '\n' ? i + 2 : i + 1;
  if (text[i] === '\n') return i + 1;
  return i >= end && i === text.length ? i : -1;
}

/** Skips comment lines and blank lines that follow a continuation (Docker drops them). */
function skipIgnoredLines(text: string, from: number, end: number): number {
  let i = from;
  while (i < end) {
    let j = i;
    while (j < end && (text[j] === ' ' || text[j] === '\t')) j++;
    const blank = text[j] === '\n' || text[j] === '\r';
    if (!blank && text[j] !== '#') return i;
    let newline = j;
    while (newline < end && text[newline] !== '\n' && text[newline] !== '\r') newline++;
    if (newline >= end) return i;
    i = newline + (text[newline] === '\r' && text[newline + 1] === '\n' ? 2 : 1);
  }
  return i;
}

export function detectEol(text: string): '\n' | '\r\n' {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}
