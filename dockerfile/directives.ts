// Parser directives (`# syntax=`, `# escape=`, `# check=`): only at the very top of the file,
// before any blank line, comment or instruction, as BuildKit reads them.
import type { ParserDirective } from './types';

const KNOWN = new Set(['syntax', 'escape', 'check']);
const DIRECTIVE = /^#[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]*=[ \t]*(.*?)[ \t]*$/;

export function parseDirectives(text: string): ParserDirective[] {
  const directives: ParserDirective[] = [];
  const seen = new Set<string>();
  const lineBreak = /\r\n|\r|\n/g;
  let offset = 0;
  // Directives only sit at the top: read line by line and stop at the first other line.
  for (let line = 0; offset <= text.length; line++) {
    lineBreak.lastIndex = offset;
    const found = lineBreak.exec(text);
    const content = text.slice(offset, found ? found.index : text.length);
    offset = found ? found.index + found[0].length : text.length + 1;
    const match = DIRECTIVE.exec(line === 0 ? content.replace(/^\uFEFF/, '') : content);
    if (!match) break;
    const name = match[1].toLowerCase();
    if (seen.has(name)) break;
    seen.add(name);
    if (KNOWN.has(name)) {
      const valueStart = content.indexOf(match[2], content.indexOf('=') + 1);
      directives.push({
        name, value: match[2],
        range: { start: { line, character: 0 }, end: { line, character: content.length } },
        valueRange: { start: { line, character: valueStart }, end: { line, character: valueStart + match[2].length } },
      });
    }
  }
  return directives;
}

/** The escape character the directives set: a backtick, or the default backslash. */
export function escapeCharOf(directives: readonly ParserDirective[]): '\\' | '`' {
  return directives.find((directive) => directive.name === 'escape')?.value === '`' ? '`' : '\\';
}
