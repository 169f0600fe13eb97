// invalid-default-arg-in-from: with the global ARGs' defaults (no --build-arg), a FROM image
// expands to an empty or invalid reference: `ARG VERSION` + `FROM alpine:$VERSION` is `alpine:`.
import type { Finding, Rule } from '../rule';
import { expandVariables } from '../../dockerfile/variables';

/** The values BuildKit gives its platform ARGs (any valid platform gives the same verdict). */
const PLATFORM_ARGS: Record<string, string> = {
  TARGETPLATFORM: 'linux/amd64', TARGETOS: 'linux', TARGETARCH: 'amd64', TARGETVARIANT: '',
  BUILDPLATFORM: 'linux/amd64', BUILDOS: 'linux', BUILDARCH: 'amd64', BUILDVARIANT: '',
};

// distribution/reference's grammar, as ParseNormalizedNamed applies it.
const PATH = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const DOMAIN_PART = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_PART}(?:\\.${DOMAIN_PART})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^((?:${DOMAIN}/)?${PATH}(?:/${PATH})*)(?::${TAG})?(?:@${DIGEST})?$`);

export const invalidDefaultArgInFrom: Rule = {
  meta: {
    id: 'invalid-default-arg-in-from',
    category: 'base-images',
    severity: 'warning',
    aliases: ['InvalidDefaultArgInFrom'],
    description: 'With the global ARG defaults, a FROM image is empty or not a valid reference: the build fails unless every build passes --build-arg.',
    fixable: false,
  },
  check(ctx) {
    const defaults = new Map<string, string>(Object.entries(PLATFORM_ARGS));
    for (const arg of ctx.model.globalArgs) {
      for (const property of arg.properties) {
        if (property.value !== null) defaults.set(property.name, expandWithDefaults(property.value, defaults, ctx.escapeChar));
        else if (!defaults.has(property.name)) defaults.set(property.name, '');
      }
    }
    const findings: Finding[] = [];
    for (const stage of ctx.model.stages) {
      const raw = stage.image.raw;
      if (!raw.includes('$')) continue;
      const value = expandWithDefaults(raw, defaults, ctx.escapeChar);
      // A default we cannot evaluate (a pattern substitution such as ${V/a/b}): no judgement.
      if (value.includes(UNKNOWN) || validReference(value)) continue;
      findings.push({
        range: stage.image.range,
        message: `With the ARG defaults, FROM ${raw} is ${value ? `"${value}", not a valid image reference` : 'empty'}: the build fails unless --build-arg sets it. Give the ARG a default that names an image.`,
      });
    }
    return findings;
  },
};

/** Marks a value we cannot evaluate; it survives into every expansion that uses it. */
const UNKNOWN = '\u0000';

/**
 * Expands with the defaults; a variable without one is empty, as in a build without --build-arg.
 * What still cannot be expanded (a substitution we do not evaluate) comes back as UNKNOWN.
 */
function expandWithDefaults(text: string, defaults: ReadonlyMap<string, string>, escapeChar: string): string {
  const lookup = (name: string) => (defaults.get(name) || undefined);
  const first = expandVariables(text, lookup, escapeChar);
  if (!first.unresolved) return first.value;
  const second = expandVariables(text, (name) => defaults.get(name) ?? '', escapeChar);
  return second.unresolved ? UNKNOWN : second.value;
}

function validReference(value: string): boolean {
  const match = REFERENCE.exec(value);
  return Boolean(match && match[1].length <= 255 && !/^[a-f0-9]{64}$/.test(value));
}
