// workdir-relative: a relative WORKDIR lands wherever the base image's working directory is.
import type { Finding, Rule } from '../rule';
import type { Stage } from '../../dockerfile/types';
import { isWindowsAbsoluteAsWritten, unquote } from '../util/words';

const ABSOLUTE = /^(?:\/|[A-Za-z]:[\\/]|\\)/;

export const workdirRelative: Rule = {
  meta: {
    id: 'workdir-relative',
    category: 'correctness',
    severity: 'warning',
    aliases: ['DL3000', 'WorkdirRelativePath'],
    description: 'Relative WORKDIR with no absolute WORKDIR before it: the path depends on the base image.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    const anchored = new Map<Stage, boolean>();
    for (const stage of ctx.model.stages) {
      // An absolute WORKDIR anywhere in the parent stage chain anchors relative ones.
      let hasAbsolute = stage.parent ? anchored.get(stage.parent) ?? false : false;
      for (const instruction of stage.instructions) {
        if (instruction.keyword !== 'WORKDIR' || !instruction.args.length) continue;
        const raw = instruction.args.map((word) => word.value).join(' ');
        if (instruction.argsRange && isWindowsAbsoluteAsWritten(ctx.textOf(instruction.argsRange))) { hasAbsolute = true; continue; }
        const path = ctx.model.expand(raw, instruction);
        if (path.unresolved) { hasAbsolute = true; continue; }
        if (ABSOLUTE.test(path.value) || ABSOLUTE.test(unquote(path.value, ctx.escapeChar))) { hasAbsolute = true; continue; }
        if (hasAbsolute) continue;
        findings.push({
          range: instruction.argsRange ?? instruction.keywordRange,
          message: `Relative WORKDIR "${path.value}" with no absolute WORKDIR before it: it resolves against the base image's working directory (/ for most images, /go for golang), which can change with the base image. Use an absolute path.`,
        });
      }
      anchored.set(stage, hasAbsolute);
    }
    return findings;
  },
};
