// A small, forgiving Dockerfile reader for matching image history back to source lines:
// logical instructions (continuations joined, comments inside them dropped), with their line
// span and the build stage they belong to. It never throws, whatever the text.

export interface DockerfileInstruction {
  /** Upper-case keyword: RUN, COPY, … */
  keyword: string;
  /** Arguments as Docker sees them (continuations removed, not otherwise rewritten). */
  args: string;
  /** 0-based first and last line of the instruction. */
  line: number;
  endLine: number;
  /** Index of the stage (0 = first FROM); -1 before any FROM (ARG). */
  stage: number;
}

export interface DockerfileStage {
  /** `AS name`, lower-cased; undefined when unnamed. */
  name?: string;
  /** The FROM image or stage reference, as written. */
  from: string;
  /** Indexes into the instruction list, FROM included. */
  instructionIndexes: number[];
}

export interface ParsedDockerfile {
  instructions: DockerfileInstruction[];
  stages: DockerfileStage[];
}

function escapeCharacter(lines: string[]): string {
  for (const line of lines) {
    const directive = /^\s*#\s*([a-z]+)\s*=\s*(\S+)\s*$/i.exec(line);
    if (!directive) break;
    if (directive[1].toLowerCase() === 'escape' && (directive[2] === '`' || directive[2] === '\\')) return directive[2];
  }
  return '\\';
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = text.split(/\r?\n/);
  const escape = escapeCharacter(lines);
  const instructions: DockerfileInstruction[] = [];
  const stages: DockerfileStage[] = [];
  let index = 0;
  while (index < lines.length) {
    const first = lines[index];
    if (/^\s*(#|$)/.test(first)) { index += 1; continue; }
    const start = index;
    let joined = '';
    let current = first;
    // Join continuation lines; comment and blank lines inside an instruction are skipped, as Docker does.
    for (;;) {
      const trimmedEnd = current.replace(/\s+$/, '');
      if (trimmedEnd.endsWith(escape) && index + 1 < lines.length) {
        joined += trimmedEnd.slice(0, -1);
        index += 1;
        while (index < lines.length && /^\s*(#.*)?$/.test(lines[index]) && index + 1 < lines.length) index += 1;
        current = lines[index];
        continue;
      }
      joined += current;
      break;
    }
    const match = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(joined);
    if (match) {
      const keyword = match[1].toUpperCase();
      const args = match[2].trim();
      if (keyword === 'FROM') {
        const named = /^(?:--\S+\s+)*(\S+)(?:\s+as\s+(\S+))?/i.exec(args);
        stages.push({ from: named?.[1] ?? '', name: named?.[2]?.toLowerCase(), instructionIndexes: [] });
      }
      const stage = stages.length - 1;
      instructions.push({ keyword, args, line: start, endLine: index, stage });
      if (stage >= 0) stages[stage].instructionIndexes.push(instructions.length - 1);
    }
    index += 1;
  }
  return { instructions, stages };
}

/**
 * The instructions whose layers end up in the final image: the last stage, preceded by the
 * stages it is built FROM (by name or index), outermost first.
 */
export function finalStageChain(parsed: ParsedDockerfile): number[] {
  const chain: number[][] = [];
  const seen = new Set<number>();
  let stageIndex = parsed.stages.length - 1;
  while (stageIndex >= 0 && !seen.has(stageIndex)) {
    seen.add(stageIndex);
    const stage = parsed.stages[stageIndex];
    chain.unshift(stage.instructionIndexes);
    const from = stage.from.toLowerCase();
    const byName = parsed.stages.findIndex((candidate, i) => i < stageIndex && candidate.name === from);
    const byIndex = /^\d+$/.test(from) && Number(from) < stageIndex ? Number(from) : -1;
    stageIndex = byName >= 0 ? byName : byIndex;
  }
  return chain.flat();
}
