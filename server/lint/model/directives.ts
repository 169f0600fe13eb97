// Parser directives (`# syntax=`, `# escape=`, `# check=`): only at the very top of the file,
// before any blank line, comment or instruction, as BuildKit reads them.
import type { ParserDirective } from './types';

const KNOWN = new Set(['syntax', 'escape', 'check']);
const DIRECTIVE = /^#[ \t]*([A-Za-z][A-Za-z0-9_-]*)[ \t]*=[ \t]*(.*?)[ \t]*\r?$/;

export function parseDirectives(text: string): ParserDirective[] {
  const directives: ParserDirective[] = [];
  const seen = new Set<string>();
  let offset = 0;
  for (let line = 0; offset < text.length; line++) {
    let end = text.indexOf('\n', offset);
    if (end < 0) end = text.length;
    const content = text.slice(offset, end);
    const match = DIRECTIVE.exec(content.replace(/^\uFEFF/, ''));
    if (!match) break;
    const name = match[1].toLowerCase();
    if (seen.has(name)) break;
    seen.add(name);
    if (KNOWN.has(name)) {
      const valueStart = content.indexOf(match[2], content.indexOf('=') + 1);
      directives.push({
        name, value: match[2],
        range: { start: { line, character: 0 }, end: { line, character: content.replace(/\r$/, '').length } },
        valueRange: { start: { line, character: valueStart }, end: { line, character: valueStart + match[2].length } },
      });
    }
    offset = end + 1;
  }
  return directives;
}
