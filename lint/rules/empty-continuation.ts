// empty-continuation (NoEmptyContinuation): blank lines inside a continued instruction. BuildKit
// skips them today and warns that they will become errors in a future release.
import type { Finding, Rule } from '../rule';

export const emptyContinuation: Rule = {
  meta: {
    id: 'empty-continuation',
    category: 'correctness',
    severity: 'warning',
    aliases: ['NoEmptyContinuation'],
    description: 'Empty lines inside a continued instruction: skipped today, BuildKit warns they will become errors in a future release.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of ctx.model.instructions) {
      const inHeredoc = (line: number) => instruction.heredocs.some((h) => line >= h.range.start.line && line <= h.range.end.line);
      const empty: number[] = [];
      // The empty "line" after the file's final line break is no line: BuildKit never reads it.
      const lines = ctx.model.lines;
      const end = Math.min(instruction.range.end.line, lines[lines.length - 1] === '' ? lines.length - 2 : lines.length - 1);
      for (let line = instruction.range.start.line + 1; line <= end; line++) {
        if (ctx.lineText(line).trim() === '' && !inHeredoc(line)) empty.push(line);
      }
      if (!empty.length) continue;
      // BuildKit reports the instruction's last line (where it finished reading it); the fix
      // removes the empty lines themselves.
      const last = instruction.heredocs.length ? instruction.heredocs[0].range.start.line - 1 : instruction.range.end.line;
      const numbers = empty.map((line) => line + 1).join(', ');
      findings.push({
        range: { start: { line: last, character: ctx.indentOf(last).length }, end: { line: last, character: ctx.lineText(last).length } },
        message: `Empty continuation line${empty.length > 1 ? 's' : ''} (line ${numbers}) in this ${instruction.keyword}: BuildKit skips ${empty.length > 1 ? 'them' : 'it'} today and warns that empty continuation lines will become errors in a future release.`,
        related: empty.map((line) => ({ range: { start: { line, character: 0 }, end: { line, character: ctx.lineText(line).length } }, message: 'empty continuation line' })),
        fixes: [{
          title: empty.length > 1 ? 'Remove the empty lines' : 'Remove the empty line', preferred: true, safe: true,
          edits: empty.map((line) => ctx.replace({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, '')),
        }],
      });
    }
    return findings;
  },
};
