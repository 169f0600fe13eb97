// consistent-instruction-casing: instruction keywords written in mixed case (`From`) or against
// the file's majority (`copy` among `COPY`s).
import type { Finding, Rule } from '../rule';

/** Instructions BuildKit knows: unknown words are the syntax rule's business. */
const KEYWORDS = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

export const consistentInstructionCasing: Rule = {
  meta: {
    id: 'consistent-instruction-casing',
    category: 'correctness',
    severity: 'info',
    aliases: ['ConsistentInstructionCasing'],
    description: 'Instruction keywords should all be upper case or all lower case, like the majority of the file.',
    fixable: true,
  },
  check(ctx) {
    // Like BuildKit, ARGs before the first FROM do not count.
    const instructions = ctx.model.instructions.filter((instruction) => instruction.stageIndex >= 0 && KEYWORDS.has(instruction.keyword));
    let lower = 0;
    let upper = 0;
    for (const { rawKeyword } of instructions) {
      if (rawKeyword === rawKeyword.toLowerCase()) lower++;
      else if (rawKeyword === rawKeyword.toUpperCase()) upper++;
    }
    const majorityLower = lower > upper;
    const findings: Finding[] = [];
    for (const instruction of instructions) {
      const wanted = majorityLower ? instruction.rawKeyword.toLowerCase() : instruction.rawKeyword.toUpperCase();
      if (instruction.rawKeyword === wanted) continue;
      const casing = majorityLower ? 'lower case' : 'upper case';
      findings.push({
        range: instruction.keywordRange,
        message: instruction.rawKeyword === instruction.rawKeyword.toLowerCase() || instruction.rawKeyword === instruction.rawKeyword.toUpperCase()
          ? `"${instruction.rawKeyword}" differs from the other instructions of this file, which are mostly ${casing}.`
          : `"${instruction.rawKeyword}" mixes upper and lower case; the other instructions of this file are mostly ${casing}.`,
        fixes: [{ title: `Write it as ${wanted}`, edits: [ctx.replace(instruction.keywordRange, wanted)], preferred: true, safe: true }],
      });
    }
    return findings;
  },
};
