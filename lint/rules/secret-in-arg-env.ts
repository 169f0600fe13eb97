// secret-in-arg-env: ARG/ENV values end up in the image config or build history.
import type { Finding, Rule } from '../rule';
import type { Property } from '../../dockerfile/types';

/** Secret words, matched as whole `_`-separated words of the name (BuildKit's list). */
const SECRET_WORDS = new Set(['apikey', 'auth', 'credential', 'credentials', 'key', 'password', 'passwd', 'pword', 'secret', 'token']);
/** Names that say where a secret is or which version is used, not the secret itself. */
const ALLOWED_SUBSTRINGS = ['public', 'file', 'version'];
const ALLOWED_WORDS = new Set(['path', 'dir', 'url', 'uri', 'endpoint', 'gpg', 'pgp', 'gnupg']);
/** A value that is a switch, not a secret (`ENV AUTH_ENABLED=false`). */
const SWITCH_VALUE = /^(?:true|false|yes|no|on|off|0|1|enabled?|disabled?|none|basic|bearer|required|optional)$/i;
/** Values that are secrets whatever the variable is called. */
const SECRET_VALUES: Array<[RegExp, string]> = [
  [/-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/, 'a private key'],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/, 'an AWS access key'],
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{20,}/, 'a GitHub token'],
  [/\bglpat-[A-Za-z0-9_-]{20}\b/, 'a GitLab token'],
  [/\bxox[abprs]-[A-Za-z0-9-]{10,}/, 'a Slack token'],
  [/\bsk_live_[A-Za-z0-9]{16,}/, 'a Stripe secret key'],
  [/\bAIza[0-9A-Za-z_-]{35}\b/, 'a Google API key'],
];

function secretName(name: string): boolean {
  const lower = name.toLowerCase();
  if (ALLOWED_SUBSTRINGS.some((word) => lower.includes(word))) return false;
  const words = lower.split('_');
  if (words.some((word) => ALLOWED_WORDS.has(word))) return false;
  return words.some((word) => SECRET_WORDS.has(word));
}

function secretValueKind(value: string | null): string | null {
  if (!value) return null;
  for (const [pattern, kind] of SECRET_VALUES) if (pattern.test(value)) return kind;
  return null;
}

export const secretInArgEnv: Rule = {
  meta: {
    id: 'secret-in-arg-env',
    category: 'security',
    severity: 'error',
    aliases: ['DL3064', 'SecretsUsedInArgOrEnv'],
    description: 'ARG/ENV that holds a secret: it is stored in the image metadata and build history.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of ctx.model.instructions) {
      if (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') continue;
      const where = instruction.keyword === 'ENV' ? 'the image configuration (docker inspect shows it)' : 'the build history (docker history shows it)';
      for (const property of instruction.properties) {
        const finding = check(property, instruction.keyword, where);
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
};

function check(property: Property, keyword: string, where: string): Finding | null {
  const kind = secretValueKind(property.value);
  if (kind) {
    return {
      range: property.valueRange ?? property.nameRange,
      message: `${keyword} ${property.name} holds what looks like ${kind}: it is stored in ${where}. Pass it with RUN --mount=type=secret instead, and rotate it.`,
    };
  }
  if (!secretName(property.name)) return null;
  if (property.value !== null && SWITCH_VALUE.test(property.value.trim())) return null;
  return {
    range: property.nameRange,
    message: `${keyword} ${property.name} looks like a secret: its value is stored in ${where}. Use RUN --mount=type=secret for build secrets and runtime env for the container.`,
  };
}
