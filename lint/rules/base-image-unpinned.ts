// base-image-unpinned: FROM without a tag, or with :latest, after ARG resolution.
import type { Finding, Rule } from '../rule';

export const baseImageUnpinned: Rule = {
  meta: {
    id: 'base-image-unpinned',
    category: 'base-images',
    severity: 'warning',
    aliases: ['DL3006', 'DL3007'],
    description: 'FROM an image without a tag or with :latest: each build may get a different base image.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      const image = stage.image;
      if (stage.parent || image.unresolved || !image.resolved || image.digest) continue;
      if (image.registry === null && image.repository.toLowerCase() === 'scratch') continue;
      const shown = image.raw === image.resolved ? image.raw : `${image.raw} (${image.resolved})`;
      if (image.tag === null) {
        findings.push({
          range: image.range,
          message: `${shown} has no tag, so it means :latest: every build can get a different base image, and a rebuild may break or change behaviour without a change here. Pin a version tag (or a digest).`,
        });
      } else if (image.tag === 'latest') {
        findings.push({
          range: image.range,
          message: `${shown} uses :latest: every build can get a different base image, and a rebuild may break or change behaviour without a change here. Pin a version tag (or a digest).`,
        });
      }
    }
    return findings;
  },
};
