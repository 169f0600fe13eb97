// Inline suppressions: `# dockscope ignore=<id>[,<id>]` / `# hadolint ignore=DLxxxx` in the comment
// lines right above an instruction; `# dockscope global ignore=...` / `# hadolint global ignore=...`
// anywhere; BuildKit's `# check=skip=Name[,Name]|all` directive. Codes reach rules via aliases.
import { rulesByCode } from './config/projectConfig';
import type { DockerfileModel, Instruction } from '../dockerfile/types';
import { isBuildKitCheck } from './buildkitChecks';
import type { Rule } from './rule';

export interface Suppressions {
  /** Rule ids ignored in the whole file. */
  global: Set<string>;
  /** Rule ids ignored per instruction index. */
  byInstruction: Map<number, Set<string>>;
  /** The pragma comment lines, for code actions that extend them. */
  pragmas: Pragma[];
}

export interface Pragma {
  line: number;
  tool: 'dockscope' | 'hadolint';
  global: boolean;
  codes: string[];
  /** Character range of the code list on its line. */
  listStart: number;
  listEnd: number;
}

const PRAGMA = /^[ \t]*#[ \t]*(dockscope|hadolint)[ \t]+(global[ \t]+)?ignore[ \t]*=[ \t]*([^\s#]*)/i;

function findPragmas(model: DockerfileModel): Pragma[] {
  const pragmas: Pragma[] = [];
  model.lines.forEach((text, line) => {
    if (!text.includes('ignore')) return;
    const match = PRAGMA.exec(text);
    if (!match) return;
    const listStart = match[0].length - match[3].length;
    pragmas.push({
      line, tool: match[1].toLowerCase() as Pragma['tool'], global: Boolean(match[2]),
      codes: match[3].split(',').map((code) => code.trim()).filter(Boolean), listStart, listEnd: match[0].length,
    });
  });
  return pragmas;
}

export function parseSuppressions(model: DockerfileModel, rules: readonly Rule[]): Suppressions {
  const byCode = rulesByCode(rules);
  const idsOf = (codes: string[]) => codes.flatMap((code) => (byCode.get(code.toLowerCase()) ?? []).map((rule) => rule.meta.id));
  const suppressions: Suppressions = { global: new Set(), byInstruction: new Map(), pragmas: findPragmas(model) };

  const check = model.directives.find((directive) => directive.name === 'check');
  for (const part of check?.value.split(';') ?? []) {
    const [key, value = ''] = part.split('=').map((s) => s.trim());
    if (key.toLowerCase() !== 'skip') continue;
    const names = value.split(',').map((s) => s.trim()).filter(Boolean);
    // `skip=all` turns off BuildKit's checks: the rules that stand for one, not Dockscope's own.
    if (names.some((name) => name.toLowerCase() === 'all')) {
      for (const rule of rules) if (rule.meta.aliases.some(isBuildKitCheck)) suppressions.global.add(rule.meta.id);
    }
    for (const id of idsOf(names)) suppressions.global.add(id);
  }

  const instructionByLine = new Map<number, Instruction>();
  for (const instruction of model.instructions) instructionByLine.set(instruction.range.start.line, instruction);
  const commentLine = (line: number) => /^[ \t]*#/.test(model.lines[line] ?? '');
  for (const pragma of suppressions.pragmas) {
    const ids = idsOf(pragma.codes);
    if (pragma.global) {
      for (const id of ids) suppressions.global.add(id);
      continue;
    }
    // The pragma applies to the instruction after the block of comment lines it is part of.
    let line = pragma.line + 1;
    while (line < model.lines.length && commentLine(line) && !instructionByLine.has(line)) line++;
    const instruction = instructionByLine.get(line);
    if (!instruction) continue;
    const set = suppressions.byInstruction.get(instruction.index) ?? new Set<string>();
    for (const id of ids) set.add(id);
    suppressions.byInstruction.set(instruction.index, set);
  }
  return suppressions;
}

/** The instruction whose lines contain `line` (binary search over document order). */
export function instructionAtLine(model: DockerfileModel, line: number): Instruction | null {
  const list = model.instructions;
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const instruction = list[mid];
    if (line < instruction.range.start.line) high = mid - 1;
    else if (line > instruction.range.end.line) low = mid + 1;
    else return instruction;
  }
  return null;
}

export function isSuppressed(suppressions: Suppressions, model: DockerfileModel, ruleId: string, line: number): boolean {
  if (suppressions.global.has(ruleId)) return true;
  if (!suppressions.byInstruction.size) return false;
  const instruction = instructionAtLine(model, line);
  return Boolean(instruction && suppressions.byInstruction.get(instruction.index)?.has(ruleId));
}

