// pipefail: in `a | b` only b's exit status counts, so a failing download goes unnoticed.
import type { Range } from 'vscode-languageserver-types';
import type { Finding, Fix, Rule, RuleContext } from '../rule';
import { officialName } from '../../common/imageRef';
import type { Pipeline } from '../../dockerfile/shell';
import type { Instruction, Stage } from '../../dockerfile/types';
import { stageChain } from '../../dockerfile/stages';

/** Shells with `set -o pipefail`. dash (Debian's /bin/sh) has none: a prefix would break the build. */
const PIPEFAIL_SHELLS = new Set(['bash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);
/** Producers whose failure does not matter, or which always "fail" with SIGPIPE (`yes | x`). */
const HARMLESS_PRODUCERS = new Set(['echo', 'printf', 'yes', 'true', 'cat']);

export const pipefail: Rule = {
  meta: {
    id: 'pipefail',
    category: 'security',
    severity: 'warning',
    aliases: ['DL4006'],
    description: 'A pipe in RUN without pipefail: a failing command before the last one is ignored.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of ctx.model.instructions) {
      if (instruction.keyword !== 'RUN' || instruction.form !== 'shell') continue;
      const stage = ctx.stageOf(instruction);
      const script = ctx.model.shellOf(instruction);
      if (!stage || !script) continue;
      const unprotected = script.pipelines.find((pipeline) => needsPipefail(pipeline) && supportsPipefail(ctx, instruction, stage, pipeline));
      if (!unprotected) continue;
      findings.push({
        range: pipeRange(ctx, unprotected),
        message: 'Pipe without pipefail: only the last command\'s exit status counts, so a failing download or build step here is ignored and the image is built broken.',
        fixes: [prefixFix(ctx, instruction, unprotected)],
      });
    }
    return findings;
  },
};

function needsPipefail(pipeline: Pipeline): boolean {
  if (pipeline.pipefail || pipeline.commands.length < 2 || pipeline.commands[0].nested) return false;
  return pipeline.commands.slice(0, -1).some((command) => !HARMLESS_PRODUCERS.has(command.effective.name ?? '') || command.effective.name === 'cat' && command.argv.length > 1);
}

/** The shell that runs the pipeline supports pipefail (explicit bash/ash, or /bin/sh on Alpine/BusyBox). */
function supportsPipefail(ctx: RuleContext, instruction: Instruction, stage: Stage, pipeline: Pipeline): boolean {
  const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(pipeline.source.text);
  if (shebang) {
    const program = basename(shebang[1]) === 'env' ? shebang[2] ?? '' : basename(shebang[1]);
    return PIPEFAIL_SHELLS.has(program) || (program === 'sh' && ashIsSh(stage));
  }
  const firstCommand = ctx.model.shellOf(instruction)?.commands[0];
  if (instruction.heredocs.length && firstCommand && firstCommand !== pipeline.commands[0]) {
    const program = firstCommand.effective.name ?? '';
    if (PIPEFAIL_SHELLS.has(program)) return true;
    if (program === 'sh') return ashIsSh(stage);
  }
  const shell = ctx.model.stateAt(instruction)?.shell ?? ['/bin/sh', '-c'];
  const program = basename(shell[0] ?? '');
  if (PIPEFAIL_SHELLS.has(program)) return true;
  return program === 'sh' && ashIsSh(stage);
}

/** /bin/sh is BusyBox ash on Alpine- and BusyBox-based images. */
function ashIsSh(stage: Stage): boolean {
  if (stage.runtime.musl) return true;
  const base = stageChain(stage)[0];
  return !base.image.unresolved && /(^|\/)busybox$/.test(officialName(base.image).toLowerCase());
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The `|` between the first two commands, else the whole pipeline. */
function pipeRange(ctx: RuleContext, pipeline: Pipeline): Range {
  const [first, second] = pipeline.commands;
  const from = ctx.model.offsetAt(first.range.end);
  const to = ctx.model.offsetAt(second.range.start);
  const bar = ctx.text.indexOf('|', from);
  if (bar >= 0 && bar < to) return { start: ctx.model.positionAt(bar), end: ctx.model.positionAt(bar + 1) };
  return pipeline.range;
}

function prefixFix(ctx: RuleContext, instruction: Instruction, pipeline: Pipeline): Fix {
  const heredoc = instruction.heredocs.find((h) => h.contentRange && ctx.model.offsetAt(h.contentRange.start) <= ctx.model.offsetAt(pipeline.range.start)
    && ctx.model.offsetAt(pipeline.range.start) <= ctx.model.offsetAt(h.contentRange.end));
  if (heredoc?.contentRange) {
    // In a script, a line of its own at the top (after a shebang).
    const shebang = /^#![^\n]*\n/.exec(heredoc.content);
    const at = ctx.model.positionAt(ctx.model.offsetAt(heredoc.contentRange.start) + (shebang ? shebang[0].length : 0));
    return { title: 'Add set -o pipefail to the script', edits: [ctx.insertAt(at, `set -o pipefail${ctx.eol}`)], preferred: true, safe: false };
  }
  const first = instruction.args[0];
  return { title: 'Prefix the command with set -o pipefail', edits: [ctx.insertAt(first.range.start, 'set -o pipefail && ')], preferred: true, safe: false };
}
