// Image references (`[registry/]repo[:tag][@digest]`) and what the base image means at runtime.
import type { ImageRef, Range, RuntimeTraits } from './types';

export function parseImageRef(raw: string, resolved: string, unresolved: boolean, range: Range): ImageRef {
  let rest = resolved;
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
  return { raw, resolved, unresolved, registry, repository: rest, tag, digest, range };
}

/** Repository without the Docker Hub `library/` prefix (`library/golang` → `golang`). */
export function officialName(image: ImageRef): string {
  const hub = image.registry === null || image.registry === 'docker.io' || image.registry === 'index.docker.io';
  return hub && image.repository.startsWith('library/') ? image.repository.slice('library/'.length) : image.repository;
}

export const NO_TRAITS: RuntimeTraits = {
  scratch: false, distroless: false, shellLess: false, staticOnly: false, musl: false, golang: false,
};

export function runtimeTraits(image: ImageRef): RuntimeTraits {
  if (image.unresolved) return NO_TRAITS;
  const name = officialName(image).toLowerCase();
  const tag = (image.tag ?? '').toLowerCase();
  const scratch = image.registry === null && name === 'scratch';
  const distroless = image.registry === 'gcr.io' && name.startsWith('distroless/');
  const debug = /(^|-)debug($|-)/.test(tag);
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  return {
    scratch,
    distroless,
    shellLess: scratch || (distroless && !debug),
    staticOnly: scratch || (distroless && name.startsWith('distroless/static')),
    musl: lastPart === 'alpine' || /(^|-)alpine/.test(tag),
    golang: name === 'golang',
  };
}
