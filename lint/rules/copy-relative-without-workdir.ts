// copy-relative-without-workdir (DL3045): `COPY app.jar app.jar` in a stage that never set a
// WORKDIR lands in the base image's working directory, which the Dockerfile does not show.
import { posix } from 'node:path';
import type { Finding, Fix, Rule, RuleContext } from '../rule';
import { stageChain } from '../../dockerfile/stages';
import type { Instruction, Stage, Word } from '../../dockerfile/types';
import { copyWords } from '../util/contextCopies';
import { knownImageWorkdir } from '../util/imageEnv';
import { isWindowsAbsoluteAsWritten, unquote } from '../util/words';

export const copyRelativeWithoutWorkdir: Rule = {
  meta: {
    id: 'copy-relative-without-workdir',
    category: 'correctness',
    severity: 'info',
    aliases: ['DL3045'],
    description: 'COPY or ADD to a relative destination in a stage with no WORKDIR: the files land in the base image\'s working directory.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    const workdirs = new Map<Stage, StageWorkdirs>();
    for (const instruction of ctx.model.withTriggers) {
      if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') continue;
      const stage = ctx.stageOf(instruction);
      if (!stage || workdirSet(ctx, stage, instruction, workdirs)) continue;
      const words = copyWords(instruction);
      if (words.length < 2) continue;
      const destination = words[words.length - 1];
      // As written, and as the JSON form decodes it (`["C:\\\\Program Files\\\\Go", …]`).
      if (isWindowsAbsoluteAsWritten(ctx.textOf(destination.range)) || isWindowsAbsoluteAsWritten(destination.value)) continue;
      const written = unquote(destination.value, ctx.escapeChar);
      if (!written || written.startsWith('/') || isWindowsAbsoluteAsWritten(written)) continue;
      const expanded = ctx.model.expand(written, instruction);
      if (expanded.unresolved || expanded.value.startsWith('/') || isWindowsAbsoluteAsWritten(expanded.value)) continue;
      const base = knownImageWorkdir(stage);
      const image = stageChain(stage)[0].image.raw;
      const where = base ? `${base}, the WORKDIR of ${image}` : `the WORKDIR of ${image}, which this Dockerfile does not show (/ unless that image sets one)`;
      findings.push({
        range: destination.range,
        message: `${instruction.keyword} to the relative destination "${written}" with no WORKDIR in this stage: it lands in ${where}. Set a WORKDIR or use an absolute path.`,
        fixes: base ? absoluteFix(ctx, instruction, destination, written, expanded.value, base) : undefined,
      });
    }
    return findings;
  },
};

/** Where a stage sets its WORKDIR: its own first `WORKDIR`, and whether its parents set one. */
interface StageWorkdirs {
  /** Document index of the stage's first WORKDIR, Infinity without one. */
  first: number;
  /** A parent stage has a WORKDIR or an ONBUILD WORKDIR (which runs when this stage is built). */
  inherited: boolean;
  /** Document indexes of the stage's own ONBUILD WORKDIR triggers. */
  triggers: number[];
}

function workdirsOf(stage: Stage, cache: Map<Stage, StageWorkdirs>): StageWorkdirs {
  let found = cache.get(stage);
  if (found) return found;
  const own = stage.instructions.filter((instruction) => isWorkdir(instruction));
  const triggers = stage.instructions.filter((instruction) => isWorkdir(instruction.trigger)).map((instruction) => instruction.index);
  const parent = stage.parent ? workdirsOf(stage.parent, cache) : null;
  found = {
    first: own[0]?.index ?? Infinity,
    inherited: parent ? parent.inherited || parent.first < Infinity || parent.triggers.length > 0 : false,
    triggers,
  };
  cache.set(stage, found);
  return found;
}

/**
 * Whether a WORKDIR precedes `instruction` in its image: in the stage chain before it, or, for an
 * ONBUILD trigger (it runs after the whole image is built), anywhere in the chain or in an
 * earlier trigger. Triggers of a parent stage run before a child stage's first instruction.
 */
function workdirSet(ctx: RuleContext, stage: Stage, instruction: Instruction, cache: Map<Stage, StageWorkdirs>): boolean {
  const workdirs = workdirsOf(stage, cache);
  if (workdirs.inherited || workdirs.first < instruction.index) return true;
  const trigger = ctx.model.instructions[instruction.index] !== instruction;
  return trigger && (workdirs.first < Infinity || workdirs.triggers.some((index) => index < instruction.index));
}

function isWorkdir(instruction: Instruction | null): boolean {
  return instruction?.keyword === 'WORKDIR' && instruction.args.length > 0;
}

/**
 * Writes the destination where it lands today (`COPY a.sh run.sh` → `/run.sh` on a base whose
 * WORKDIR is `/`): the same files in the same place, now visible. Shell form without variables
 * only, and not on an ONBUILD trigger (its image's base is the child's).
 */
function absoluteFix(ctx: RuleContext, instruction: Instruction, destination: Word, written: string, value: string, base: string): Fix[] | undefined {
  if (instruction.form === 'json' || instruction.args[0]?.value.startsWith('[') || written !== value) return undefined;
  if (ctx.model.instructions[instruction.index] !== instruction) return undefined;
  if (ctx.textOf(destination.range) !== destination.value) return undefined;
  const quote = /^(["'])(.*)\1$/.exec(destination.value)?.[1] ?? '';
  if (quote && written !== destination.value.slice(1, -1)) return undefined;
  let absolute = posix.resolve(base, written);
  // A directory destination stays one (`.` and `app/` copy into the folder, keeping names).
  if ((written.endsWith('/') || /(^|\/)\.\.?$/.test(written)) && absolute !== '/') absolute += '/';
  return [{
    title: `Write the destination as ${absolute}`,
    edits: [ctx.replace(destination.range, `${quote}${absolute}${quote}`)],
    preferred: true, safe: true,
  }];
}
