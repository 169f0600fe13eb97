// invalid-definition-description: the comment right above an ARG or a named FROM does not start
// with the name it would describe (`# VERSION the release to build` above `ARG VERSION`).
import type { Finding, Rule } from '../rule';
import type { Instruction } from '../../dockerfile/types';

/** Tool comments are not descriptions. */
const PRAGMA = /^(dockscope|hadolint|shellcheck|check|syntax|escape)\b/i;

export const invalidDefinitionDescription: Rule = {
  meta: {
    id: 'invalid-definition-description',
    category: 'correctness',
    severity: 'info',
    aliases: ['InvalidDefinitionDescription'],
    description: 'The comment right above an ARG or named stage should start with its name ("# VERSION the Go version"), so build tools can show it as its description.',
    fixable: false,
    defaultOff: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of ctx.model.instructions) {
      const names = definedNames(ctx.model.stages[instruction.stageIndex]?.from === instruction ? instruction : null, instruction);
      if (!names.length) continue;
      const line = instruction.range.start.line - 1;
      const comment = /^[ \t]*#[ \t]*(.*?)[ \t]*$/.exec(ctx.lineText(line))?.[1];
      if (!comment || PRAGMA.test(comment) || ctx.model.directives.some((d) => d.range.start.line === line)) continue;
      if (names.includes(comment.split(' ')[0])) continue;
      const example = names.length > 1 ? '<name>' : names[0];
      findings.push({
        range: instruction.keywordRange,
        message: `The comment above this ${instruction.keyword} is read as its description but does not start with ${names.length > 1 ? `one of its names (${names.join(', ')})` : `"${names[0]}"`}: write "# ${example} <description>", or put an empty line between them if it is not a description.`,
        related: [{ range: { start: { line, character: 0 }, end: { line, character: ctx.lineText(line).length } }, message: 'The comment.' }],
      });
    }
    return findings;
  },
};

function definedNames(from: Instruction | null, instruction: Instruction): string[] {
  if (instruction.keyword === 'ARG') return instruction.properties.map((property) => property.name);
  if (from && from.args.length === 3 && from.args[1].value.toLowerCase() === 'as') return [from.args[2].value.toLowerCase()];
  return [];
}
