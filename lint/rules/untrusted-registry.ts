// untrusted-registry (DL3026): an image pulled from a registry the project does not trust
// (`trustedRegistries` in .dockscope.yaml or .hadolint.yaml). Silent when none are configured.
import type { Finding, Rule } from '../rule';
import { parseImageReference, type ImageReference } from '../../common/imageRef';
import { runMounts } from '../../dockerfile/mounts';
import type { Instruction } from '../../dockerfile/types';

/** Docker Hub's names: an image without a registry comes from there. */
const DOCKER_HUB = ['docker.io', 'index.docker.io', 'registry-1.docker.io', 'hub.docker.com'];

export const untrustedRegistry: Rule = {
  meta: {
    id: 'untrusted-registry',
    category: 'security',
    severity: 'warning',
    aliases: ['DL3026'],
    description: 'Image from a registry not listed in the project\'s trustedRegistries (FROM, COPY --from, RUN --mount from=); silent when none are configured.',
    fixable: false,
  },
  check(ctx) {
    const trusted = ctx.project.trustedRegistries;
    if (!trusted) return [];
    const findings: Finding[] = [];
    const judge = (text: string, range: Finding['range'], what: string) => {
      if (/^\d+$/.test(text) || text.toLowerCase() === 'scratch') return;
      const registry = registryOf(parseImageReference(text));
      if (isTrusted(registry, trusted)) return;
      findings.push({
        range,
        message: `${what} ${text} comes from ${registry === null ? 'Docker Hub (docker.io)' : registry}, which is not among the trusted registries (${trusted.join(', ') || 'none'}) of the project config.`,
      });
    };
    for (const stage of ctx.model.stages) {
      // A stage of this file is built here, not pulled; a name left unresolved cannot be judged.
      if (!stage.parent && !stage.image.unresolved && !stage.runtime.scratch) judge(stage.image.resolved, stage.image.range, 'FROM');
      for (const reference of stage.references) {
        if (reference.kind === 'from' || reference.target) continue;
        judge(reference.ref, reference.range, reference.kind === 'copy' ? 'COPY --from' : 'RUN --mount from=');
      }
    }
    // An ONBUILD trigger pulls in the child's build, where a bare name may be one of the child's
    // stages: only a reference with a `/` or a tag (never a stage name) is judged there.
    for (const onbuild of ctx.model.instructions) {
      const trigger = onbuild.trigger;
      if (!trigger) continue;
      for (const { text, range } of triggerImages(trigger)) {
        if (!/[/:@]/.test(text) || text.includes('$')) continue;
        judge(text, range, `ONBUILD ${trigger.keyword} (in the build of every image FROM this one):`);
      }
    }
    return findings;
  },
};

/** `--from=` of COPY/ADD and `from=` of RUN mounts, as written. */
function triggerImages(trigger: Instruction): Array<{ text: string; range: Finding['range'] }> {
  if (trigger.keyword === 'RUN') {
    return runMounts(trigger).flatMap((mount) => {
      const option = mount.flag.options.find((o) => o.name === 'from');
      return option?.value && option.valueRange ? [{ text: option.value, range: option.valueRange }] : [];
    });
  }
  if (trigger.keyword !== 'COPY' && trigger.keyword !== 'ADD') return [];
  return trigger.flags.filter((flag) => flag.name === 'from' && flag.value && flag.valueRange)
    .map((flag) => ({ text: flag.value!, range: flag.valueRange! }));
}

/** The registry host, or null for Docker Hub (written or implied). */
function registryOf(reference: ImageReference): string | null {
  const registry = reference.registry?.toLowerCase() ?? null;
  return registry === null || DOCKER_HUB.includes(registry) ? null : registry;
}

/** hadolint's patterns: `*` (any), `*.example.com` (a suffix), `registry.*` (a prefix), or a host. */
function isTrusted(registry: string | null, patterns: readonly string[]): boolean {
  const hosts = registry === null ? DOCKER_HUB : [registry];
  return patterns.some((pattern) => hosts.some((host) => {
    if (pattern === '*') return true;
    if (pattern.startsWith('*')) return host.endsWith(pattern.slice(1));
    if (pattern.endsWith('*')) return host.startsWith(pattern.slice(0, -1));
    return host === pattern;
  }));
}
