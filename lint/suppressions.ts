// Inline suppressions: `# dockscope ignore=<id>[,<id>]` / `# hadolint ignore=DLxxxx` in the comment
// lines right above an instruction; `# dockscope stage ignore=...` / `# hadolint stage ignore=...`
// from the next instruction to the end of its stage (the whole stage when right above FROM);
// `# dockscope global ignore=...` / `# hadolint global ignore=...` anywhere; BuildKit's
// `# check=skip=Name[,Name]|all`: as the directive at the top for the whole file, and in the
// comments above an instruction for that instruction only (as BuildKit reads both). Codes reach
// rules via aliases; ShellCheck codes (`SC2086`) reach the ShellCheck findings of that code.
import { rulesByCode } from './config/projectConfig';
import type { DockerfileModel, Instruction } from '../dockerfile/types';
import { isBuildKitCheck, isExperimentalCheck } from './buildkitChecks';
import { parseCheckOptions } from './checkDirective';
import type { Rule } from './rule';
import { shellcheckCode } from './shellcheck/codes';

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
  /** `stage ignore=`: from the next instruction to the end of its stage. */
  stage: boolean;
  codes: string[];
  /** Character range of the code list on its line. */
  listStart: number;
  listEnd: number;
}

const PRAGMA = /^[ \t]*#[ \t]*(dockscope|hadolint)[ \t]+(?:(global)[ \t]+|(stage)[ \t]+)?ignore[ \t]*=[ \t]*([^\s#]*)/i;
/** BuildKit's `# check=...` comment (its directive syntax; the value ends at the first space). */
const CHECK_COMMENT = /^[ \t]*#[ \t]*check[ \t]*=[ \t]*(\S*)/i;

function findPragmas(model: DockerfileModel): Pragma[] {
  const pragmas: Pragma[] = [];
  model.lines.forEach((text, line) => {
    if (!text.includes('ignore')) return;
    const match = PRAGMA.exec(text);
    if (!match) return;
    const listStart = match[0].length - match[4].length;
    pragmas.push({
      line, tool: match[1].toLowerCase() as Pragma['tool'], global: Boolean(match[2]), stage: Boolean(match[3]),
      codes: match[4].split(',').map((code) => code.trim()).filter(Boolean), listStart, listEnd: match[0].length,
    });
  });
  return pragmas;
}

export function parseSuppressions(model: DockerfileModel, rules: readonly Rule[]): Suppressions {
  const byCode = rulesByCode(rules);
  // A ShellCheck code (`SC2086`) names itself: ShellCheck's findings carry it as their id.
  const idsOf = (codes: string[]) => codes.flatMap((code) => {
    const sc = shellcheckCode(code);
    return sc ? [sc] : (byCode.get(code.toLowerCase()) ?? []).map((rule) => rule.meta.id);
  });
  const suppressions: Suppressions = { global: new Set(), byInstruction: new Map(), pragmas: findPragmas(model) };

  // `skip=all` turns off BuildKit's checks: the rules that stand for one, not Dockscope's own. As in
  // BuildKit, it leaves the experimental ones alone (only `experimental=` turns those on).
  const skipped = (value: string): string[] => {
    const options = parseCheckOptions(value);
    const ids = idsOf(options.skip);
    if (options.skipAll) {
      for (const rule of rules) if (rule.meta.aliases.some((name) => isBuildKitCheck(name) && !isExperimentalCheck(name))) ids.push(rule.meta.id);
    }
    return ids;
  };
  const check = model.directives.find((directive) => directive.name === 'check');
  for (const id of skipped(check?.value ?? '')) suppressions.global.add(id);

  const suppress = (instruction: Instruction, ids: Iterable<string>) => {
    let set = suppressions.byInstruction.get(instruction.index);
    if (!set) suppressions.byInstruction.set(instruction.index, (set = new Set()));
    for (const id of ids) set.add(id);
  };
  // The instruction after the block of comment lines each line is part of, in one pass from the
  // end (asked for every pragma: walking the block each time was quadratic in a block of pragmas).
  const afterComments = instructionsAfter(model, false);
  const stageStarts = new Map<number, string[]>();
  for (const pragma of suppressions.pragmas) {
    const ids = idsOf(pragma.codes);
    if (pragma.global) {
      for (const id of ids) suppressions.global.add(id);
      continue;
    }
    const instruction = afterComments[pragma.line];
    if (!instruction) continue;
    if (!pragma.stage) suppress(instruction, ids);
    else stageStarts.set(instruction.index, [...(stageStarts.get(instruction.index) ?? []), ...ids]);
  }
  // hadolint: a stage pragma holds from its instruction to the next FROM (the whole stage when
  // right above FROM); one pass carries the ids in force down the file.
  if (stageStarts.size) {
    let inForce = new Set<string>();
    for (const instruction of model.instructions) {
      if (instruction.keyword === 'FROM') inForce = new Set();
      for (const id of stageStarts.get(instruction.index) ?? []) inForce.add(id);
      if (inForce.size) suppress(instruction, inForce);
    }
  }

  // BuildKit reads the first `# check=` among the comments right above an instruction (blank lines
  // between them included), for that instruction only; the directive at the top is not one of them.
  const directiveLines = new Set(model.directives.map((directive) => directive.range.start.line));
  const checked = new Set<Instruction>();
  let afterCommentsAndBlanks: Array<Instruction | null> | undefined;
  model.lines.forEach((text, line) => {
    if (directiveLines.has(line) || !text.includes('check')) return;
    const match = CHECK_COMMENT.exec(text);
    if (!match) return;
    const instruction = (afterCommentsAndBlanks ??= instructionsAfter(model, true))[line];
    if (!instruction || checked.has(instruction)) return;
    checked.add(instruction);
    suppress(instruction, skipped(match[1]));
  });
  return suppressions;
}

/**
 * For each line, the instruction that follows the block of comment lines (and blank lines, with
 * `overBlankLines`) it is part of: the instruction starting on the next line after it, or null.
 */
function instructionsAfter(model: DockerfileModel, overBlankLines: boolean): Array<Instruction | null> {
  const startingAt = new Map<number, Instruction>();
  for (const instruction of model.instructions) startingAt.set(instruction.range.start.line, instruction);
  const lines = model.lines;
  const after: Array<Instruction | null> = new Array(lines.length).fill(null);
  // `reached`: the instruction a walk arriving at line l+1 stops at (it skips comments and blanks).
  let reached: Instruction | null = null;
  for (let line = lines.length - 1; line >= 0; line--) {
    after[line] = reached;
    const here = startingAt.get(line);
    if (here) reached = here;
    else if (!(/^[ \t]*#/.test(lines[line]) || (overBlankLines && !lines[line].trim()))) reached = null;
  }
  return after;
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

