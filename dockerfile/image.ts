// A FROM line's image reference in the model, and what the base image means at runtime.
import { officialName, parseImageReference } from '../common/imageRef';
import type { ImageRef, Range, RuntimeTraits } from './types';

export function parseImageRef(raw: string, resolved: string, unresolved: boolean, range: Range): ImageRef {
  return { raw, resolved, unresolved, range, ...parseImageReference(resolved) };
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
