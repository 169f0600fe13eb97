// entrypoint-missing-binary: a shell-less image holds only what was copied in, so the program
// named by the exec-form ENTRYPOINT/CMD must be one of those files.
import { posix } from 'node:path';
import type { Finding, Rule } from '../rule';
import { officialName } from '../../common/imageRef';
import type { Instruction, Stage } from '../../dockerfile/types';
import { goOutputs } from '../util/goOutputs';
import { stageChain } from '../../dockerfile/stages';
import { mayContain, placements, runtimeWorkdir } from '../util/stageFiles';

/** Distroless images that ship no programs (language images such as distroless/java do). */
const EMPTY_DISTROLESS = /^distroless\/(?:static|base|cc)(?:$|-)/;

export const entrypointMissingBinary: Rule = {
  meta: {
    id: 'entrypoint-missing-binary',
    category: 'stages',
    severity: 'error',
    aliases: [],
    description: 'In a scratch/distroless stage, the exec-form ENTRYPOINT/CMD program is not a file the stage copies in.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    let outputs: ReadonlySet<string> | null = null;
    for (const stage of ctx.model.stages) {
      if (!holdsOnlyCopies(stage)) continue;
      const command = startCommand(stage);
      const program = command?.json?.[0];
      if (!command || !program || program.value.includes('$') || !program.value.includes('/')) continue;
      // A relative program is looked up in the directory the container starts in: the last WORKDIR.
      const workdir = runtimeWorkdir(ctx.model, stage);
      if (workdir.includes('$')) continue;
      const path = posix.resolve(workdir, program.value);
      outputs ??= goOutputs(ctx);
      const placed = placements(ctx.model, stage, null, outputs);
      // Nothing copied in at all: a base image for other Dockerfiles, which add the program.
      if (!placed.length) continue;
      if (mayContain(placed, path)) continue;
      const copies = placed.filter((p) => p.instruction.stageIndex === stage.index);
      findings.push({
        range: program.range,
        message: `${path} is not in this image: nothing copies it into the ${stage.runtime.scratch ? 'scratch' : 'distroless'} stage, so the container fails with "exec: ${path}: no such file or directory".`,
        related: copies.slice(0, 3).map((p) => ({ range: p.instruction.range, message: `copies to ${p.path}${p.subtree ? '/' : ''}` })),
      });
    }
    return findings;
  },
};

function holdsOnlyCopies(stage: Stage): boolean {
  if (!stage.runtime.shellLess) return false;
  if (stage.runtime.scratch) return true;
  const base = stageChain(stage)[0].image;
  return EMPTY_DISTROLESS.test(officialName(base).toLowerCase());
}

/** What the container runs: the last ENTRYPOINT of the stage chain, else the last CMD. */
function startCommand(stage: Stage): Instruction | null {
  let entrypoint: Instruction | null = null;
  let cmd: Instruction | null = null;
  for (const member of stageChain(stage)) {
    for (const instruction of member.instructions) {
      if (instruction.keyword === 'ENTRYPOINT') { entrypoint = instruction; cmd = null; }
      if (instruction.keyword === 'CMD') cmd = instruction;
    }
  }
  const command = entrypoint ?? cmd;
  return command?.form === 'json' ? command : null;
}
