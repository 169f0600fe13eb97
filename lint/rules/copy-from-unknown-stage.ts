// copy-from-unknown-stage: `COPY --from=x` / `RUN --mount=from=x` naming no stage, an index out of
// range, or the stage itself. A bare word is also a valid image name (`--from=busybox`), so it is
// reported only when it is one or two edits away from a stage name: then it is a typo.
import type { Finding, Rule } from '../rule';
import type { Stage, StageReference } from '../../dockerfile/types';
import { closest } from '../util/closest';

/** Docker image reference: lower-case path components, optional registry/port, tag, digest. */
const IMAGE_REFERENCE = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

export const copyFromUnknownStage: Rule = {
  meta: {
    id: 'copy-from-unknown-stage',
    category: 'stages',
    severity: 'error',
    aliases: ['DL3022', 'DL3023'],
    description: 'COPY --from / RUN --mount=from names no stage, an index out of range, or the stage itself.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    const names = ctx.model.stages.flatMap((stage) => (stage.name ? [stage.name] : []));
    for (const stage of ctx.model.stages) {
      for (const reference of stage.references) {
        if (reference.kind === 'from') continue;
        const finding = check(reference, stage, ctx.model.stages.length, names);
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
};

function check(reference: StageReference, stage: Stage, stageCount: number, names: string[]): Finding | null {
  const what = reference.kind === 'copy' ? `${reference.instruction.keyword} --from` : 'RUN --mount=from';
  if (reference.target === stage) {
    return { range: reference.range, message: `${what}=${reference.ref} refers to the stage it is in: the build fails (circular dependency).` };
  }
  if (reference.target) return null;
  if (/^\d+$/.test(reference.ref)) {
    return { range: reference.range, message: `${what}=${reference.ref}: there ${stageCount === 1 ? 'is only 1 stage' : `are only ${stageCount} stages`} (0–${stageCount - 1}): the build fails with "index out of bounds".` };
  }
  const suggestion = closest(reference.ref.toLowerCase(), names.filter((name) => name !== stage.name), 2);
  const looksLikeImage = IMAGE_REFERENCE.test(reference.ref);
  const bareWord = !/[:/@.]/.test(reference.ref);
  if (looksLikeImage && !(bareWord && suggestion)) return null;
  const message = looksLikeImage
    ? `${what}=${reference.ref} names no stage, so Docker pulls an image called "${reference.ref}" (did you mean stage "${suggestion}"?).`
    : `${what}=${reference.ref} is neither a stage name nor a valid image reference: the build fails.`;
  return {
    range: reference.range,
    message: looksLikeImage || !suggestion ? message : `${message.slice(0, -1)} (did you mean "${suggestion}"?).`,
    fixes: suggestion ? [{ title: `Change to ${suggestion}`, edits: [{ range: reference.range, newText: suggestion }], preferred: true }] : undefined,
  };
}
