// Docker's variable substitution (`$X`, `${X}`, `${X:-default}`, `${X:+alt}`, `${X-default}`),
// used for FROM images, paths and `go build` env. Unknown values keep the text as written and
// mark the result unresolved: rules must not judge what they cannot know.
import type { Expansion } from './types';

/** Null: declared without a value (a `--build-arg` may set it). Undefined: not declared. */
export type VariableLookup = (name: string) => string | null | undefined;

/**
 * Longer expansions are given up (unresolved, so rules stay silent): ARGs that each double the
 * one before reach gigabytes in 30 lines, and nothing a rule checks is that long.
 */
export const MAX_EXPANSION = 64 * 1024;

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

export function expandVariables(text: string, lookup: VariableLookup, escapeChar = '\\'): Expansion {
  if (!text.includes('$')) return { value: text, unresolved: false };
  let value = '';
  let unresolved = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === escapeChar && text[i + 1] === '$') {
      value += '$';
      i += 2;
      continue;
    }
    if (ch !== '$') {
      value += ch;
      i++;
      continue;
    }
    const parsed = parseReference(text, i);
    if (!parsed) {
      value += ch;
      i++;
      continue;
    }
    const current = lookup(parsed.name);
    const substituted = applyModifier(parsed, current, lookup, escapeChar);
    if (substituted === undefined) {
      unresolved = true;
      value += text.slice(i, parsed.end);
    } else {
      if (value.length + substituted.value.length > MAX_EXPANSION) return { value: text, unresolved: true };
      value += substituted.value;
      unresolved ||= substituted.unresolved;
    }
    i = parsed.end;
  }
  return { value, unresolved };
}

interface Reference {
  name: string;
  /** `:-`, `-`, `:+`, `+`, `pattern` (a substitution we do not evaluate), or '' for a plain reference. */
  modifier: string;
  word: string;
  end: number;
}

export function parseReference(text: string, start: number): Reference | null {
  if (text[start + 1] === '{') {
    let i = start + 2;
    while (i < text.length && NAME_CHAR.test(text[i])) i++;
    const name = text.slice(start + 2, i);
    if (!name) return null;
    let depth = 1;
    let j = i;
    while (j < text.length && depth > 0) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}') depth--;
      if (depth > 0) j++;
    }
    if (depth !== 0) return null;
    const rest = text.slice(i, j);
    const modifier = /^(:-|-|:\+|\+|:\?|\?)/.exec(rest)?.[0] ?? '';
    // Newer BuildKit also substitutes patterns (`${V/from/to}`, `${V%suffix}`, `${V#prefix}`):
    // we do not, so such a reference is unknown, never its literal text.
    if (!modifier && rest) return { name, modifier: 'pattern', word: rest, end: j + 1 };
    return { name, modifier, word: rest.slice(modifier.length), end: j + 1 };
  }
  if (!NAME_START.test(text[start + 1] ?? '')) return null;
  let i = start + 1;
  while (i < text.length && NAME_CHAR.test(text[i])) i++;
  return { name: text.slice(start + 1, i), modifier: '', word: '', end: i };
}

/**
 * BuildKit's lexer reads the word of `${V:+word}` / `${V:-word}` as a shell word: its quotes
 * group, they are not part of the value (`${V:+"unsupported"}` is `unsupported`).
 */
function withoutQuotes(word: string, escapeChar: string): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const char = word[i];
    if (char === escapeChar && i + 1 < word.length) { out += char + word[++i]; continue; }
    if (char !== '"' && char !== "'") out += char;
  }
  return out;
}

/** Undefined result: the value cannot be known at lint time. */
function applyModifier(ref: Reference, current: string | null | undefined, lookup: VariableLookup, escapeChar: string): Expansion | undefined {
  const word = () => expandVariables(withoutQuotes(ref.word, escapeChar), lookup, escapeChar);
  switch (ref.modifier) {
    // A declared ARG without value and no --build-arg is unset: the default applies.
    case ':-':
      return current ? { value: current, unresolved: false } : word();
    case '-':
      return current !== undefined && current !== null ? { value: current, unresolved: false } : word();
    case ':+':
      if (current === null) return undefined;
      return current ? word() : { value: '', unresolved: false };
    case '+':
      if (current === null) return undefined;
      return current !== undefined ? word() : { value: '', unresolved: false };
    case 'pattern':
      return undefined;
    default:
      if (current === null || current === undefined) return undefined;
      return { value: current, unresolved: false };
  }
}
