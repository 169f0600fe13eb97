// healthcheck-missing (off by default): a service image whose health Docker cannot see.
import type { Finding, Rule } from '../rule';
import { stageChain } from '../../dockerfile/stages';

export const healthcheckMissing: Rule = {
  meta: {
    id: 'healthcheck-missing',
    category: 'correctness',
    severity: 'hint',
    aliases: ['DL3057'],
    description: 'The final image exposes a port but has no HEALTHCHECK (off by default: orchestrators use their own probes).',
    fixable: false,
    defaultOff: true,
  },
  check(ctx) {
    const final = ctx.model.finalStage;
    if (!final) return [];
    const instructions = stageChain(final).flatMap((stage) => stage.instructions);
    // HEALTHCHECK NONE is a deliberate choice, and counts as having decided.
    if (instructions.some((instruction) => instruction.keyword === 'HEALTHCHECK')) return [];
    const expose = instructions.filter((instruction) => instruction.keyword === 'EXPOSE').pop();
    if (!expose) return [];
    const range = expose.stageIndex === final.index ? expose.keywordRange : final.from.keywordRange;
    const example = final.runtime.shellLess
      ? 'HEALTHCHECK CMD ["/app", "-healthcheck"] (exec form: this image has no shell or curl)'
      : 'HEALTHCHECK CMD wget -qO- http://127.0.0.1:PORT/healthz || exit 1';
    const finding: Finding = {
      range,
      message: `The final image exposes a port but has no HEALTHCHECK: Docker and Compose report a hung service as running. Add e.g. ${example}.`,
    };
    return [finding];
  },
};
