// Image references (`[registry/]repository[:tag][@digest]`), read one way for every feature: the
// lint model's FROM images, the FROM hover and the pin action (which compare with what the
// daemon records), and the build's step locator (which compares with BuildKit's vertex names).

export interface ImageReference {
  /** Registry host when one is written (`gcr.io`, `localhost:5000`), lower-cased; else null. */
  registry: string | null;
  /** Repository path without registry, tag and digest, as written (`library/x` kept). */
  repository: string;
  tag: string | null;
  digest: string | null;
}

/** Splits a reference the way distribution/reference does; never throws. */
export function parseImageReference(text: string): ImageReference {
  let rest = text;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | null = null;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    // A first component with a dot or a port, or `localhost`, is a registry host.
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first.toLowerCase();
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0 && !rest.slice(colon).includes('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { registry, repository: rest, tag, digest };
}

/** Docker Hub's names that the daemon records as `docker.io` (as distribution/reference does). */
const HUB_ALIASES = new Set(['docker.io', 'index.docker.io']);

function onDockerHub(reference: ImageReference): boolean {
  return reference.registry === null || HUB_ALIASES.has(reference.registry);
}

/** Repository without the Docker Hub `library/` prefix (`library/golang` → `golang`). */
export function officialName(reference: ImageReference): string {
  return onDockerHub(reference) && reference.repository.startsWith('library/')
    ? reference.repository.slice('library/'.length)
    : reference.repository;
}

/**
 * The repository as the daemon records it in RepoTags/RepoDigests: `golang` and
 * `index.docker.io/golang` are `docker.io/library/golang`; other registries keep their host.
 */
export function canonicalRepository(reference: ImageReference): string {
  const path = reference.repository.toLowerCase();
  if (onDockerHub(reference)) return `docker.io/${path.includes('/') ? path : `library/${path}`}`;
  return `${reference.registry}/${path}`;
}

/** `golang:1.22`, `docker.io/library/golang:1.22` and `index.docker.io/golang:1.22` are one image. */
export function sameImage(a: string, b: string): boolean {
  return canonicalReference(a) === canonicalReference(b);
}

/** The full form: canonical repository, tag (default `latest` when there is no digest), digest. */
export function canonicalReference(text: string): string {
  const reference = parseImageReference(text);
  const tag = reference.tag ?? (reference.digest ? null : 'latest');
  return `${canonicalRepository(reference)}${tag ? `:${tag.toLowerCase()}` : ''}${reference.digest ? `@${reference.digest.toLowerCase()}` : ''}`;
}
