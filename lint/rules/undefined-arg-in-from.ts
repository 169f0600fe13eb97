// undefined-arg-in-from: FROM uses a variable no global ARG declares: it expands to nothing.
import type { Finding, Rule } from '../rule';
import type { Range, Word } from '../../dockerfile/types';

/** Set by BuildKit for every build and usable in FROM without a declaration. */
const AUTOMATIC = new Set(['BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT', 'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT']);
const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export const undefinedArgInFrom: Rule = {
  meta: {
    id: 'undefined-arg-in-from',
    category: 'base-images',
    severity: 'warning',
    aliases: ['UndefinedArgInFrom'],
    description: 'FROM uses a variable that no ARG before the first FROM declares: it expands to an empty string.',
    fixable: false,
  },
  check(ctx) {
    const declared = new Set(ctx.model.globalArgs.flatMap((arg) => arg.properties.map((property) => property.name)));
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      const words: Word[] = [];
      if (stage.from.args[0]) words.push(stage.from.args[0]);
      for (const flag of stage.from.flags) if (flag.value && flag.valueRange) words.push({ value: flag.value, range: flag.valueRange });
      for (const word of words) findings.push(...undefinedIn(word, declared, ctx.escapeChar));
    }
    return findings;
  },
};

function undefinedIn(word: Word, declared: Set<string>, escapeChar: string): Finding[] {
  const findings: Finding[] = [];
  // Single-line words only: offsets inside the word map to characters on its line.
  const sameLine = word.range.start.line === word.range.end.line;
  for (const match of word.value.matchAll(REFERENCE)) {
    const index = match.index ?? 0;
    if (index > 0 && word.value[index - 1] === escapeChar) continue;
    const name = match[1] ?? match[3];
    const modifier = match[2] ?? '';
    // `${X:-default}` handles the undefined case on purpose.
    if (declared.has(name) || AUTOMATIC.has(name) || /^:?-/.test(modifier)) continue;
    const range: Range = sameLine
      ? { start: { line: word.range.start.line, character: word.range.start.character + index }, end: { line: word.range.start.line, character: word.range.start.character + index + match[0].length } }
      : word.range;
    findings.push({
      range,
      message: `${name} is not declared by an ARG before the first FROM: it expands to an empty string here (declare "ARG ${name}=<default>" at the top).`,
    });
  }
  return findings;
}
