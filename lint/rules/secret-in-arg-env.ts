// secret-in-arg-env: ARG/ENV values end up in the image config or build history.
import type { Finding, Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import type { Instruction, Property, Stage } from '../../dockerfile/types';
import { stageChain } from '../../dockerfile/stages';

/** Secret words, matched as whole `_`-separated words of the name (BuildKit's list). */
const SECRET_WORDS = new Set(['apikey', 'auth', 'credential', 'credentials', 'key', 'password', 'passwd', 'pword', 'secret', 'token']);
/** Words anywhere in the name that say it is not a secret (BuildKit allows `public`). */
const NOT_SECRET_WORDS = new Set(['public', 'gpg', 'pgp', 'gnupg']);
/**
 * Words after the last secret word that say the name is about the secret, not the secret itself:
 * where it is (`KEY_PATH`, `PASSWORD_FILE`), which one (`KEY_ID`, `TOKEN_VERSION`), how it is used
 * (`AUTH_TYPE`, `TOKEN_TTL`). `DB_USER_PASSWORD` stays a secret: `user` comes before `password`.
 */
const QUALIFIER_WORDS = new Set([
  'file', 'path', 'dir', 'url', 'uri', 'endpoint', 'host', 'server', 'port', 'version', 'id', 'name', 'type', 'mode',
  'method', 'provider', 'header', 'ttl', 'timeout', 'expiry', 'size', 'length', 'bits', 'algorithm', 'alg', 'realm',
  'scope', 'enabled', 'disabled', 'required', 'fingerprint', 'user', 'username',
]);
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
  const words = name.toLowerCase().split('_');
  if (words.some((word) => NOT_SECRET_WORDS.has(word))) return false;
  let last = -1;
  words.forEach((word, index) => { if (SECRET_WORDS.has(word)) last = index; });
  return last >= 0 && !words.slice(last + 1).some((word) => QUALIFIER_WORDS.has(word));
}

function secretValueKind(value: string | null): string | null {
  if (!value) return null;
  for (const [pattern, kind] of SECRET_VALUES) if (pattern.test(value)) return kind;
  return null;
}

/**
 * A value that cannot be a credential: empty, a switch, a small number, a file path
 * (`/run/secrets/db`, `assets/tls/root.key`), a URL without user info, or a variable reference.
 */
function notACredential(value: string): boolean {
  const v = value.trim();
  if (v === '' || SWITCH_VALUE.test(v) || /^\d{1,5}$/.test(v)) return true;
  if (v.includes('$')) return true;
  if (/^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:[\\/])/.test(v)) return true;
  if (/^[\w.-]+(?:\/[\w.-]+)+$/.test(v) && /\.[A-Za-z]{2,5}$/.test(v)) return true;
  return /^[a-z][a-z0-9+.-]*:\/\/[^@/\s]+(?:[/?#]\S*)?$/i.test(v);
}

export const secretInArgEnv: Rule = {
  meta: {
    id: 'secret-in-arg-env',
    category: 'security',
    severity: 'warning',
    aliases: ['DL3064', 'SecretsUsedInArgOrEnv'],
    description: 'ARG/ENV that holds a secret: a default credential baked into the image, or a build secret recorded in its history.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of ctx.model.instructions) {
      if (instruction.keyword !== 'ARG' && instruction.keyword !== 'ENV') continue;
      for (const property of instruction.properties) {
        const finding = instruction.keyword === 'ENV' ? checkEnv(property) : checkArg(ctx, instruction, property);
        if (finding) findings.push(finding);
      }
    }
    return findings;
  },
};

function checkEnv(property: Property): Finding | null {
  const kind = secretValueKind(property.value);
  if (kind) {
    return {
      range: property.valueRange ?? property.nameRange,
      message: `ENV ${property.name} holds what looks like ${kind}: it is baked into the image configuration, where anyone with the image can read it (docker inspect). Remove it, rotate it, and pass it at run time.`,
    };
  }
  if (!secretName(property.name) || property.value === null || notACredential(property.value)) return null;
  return {
    range: property.nameRange,
    message: `ENV ${property.name} sets a default credential baked into the image: anyone with the image can read it (docker inspect), and a container started without its own value uses it. Leave it unset and pass it at run time (docker run -e, an orchestrator secret).`,
  };
}

function checkArg(ctx: RuleContext, instruction: Instruction, property: Property): Finding | null {
  const kind = secretValueKind(property.value);
  // A global ARG reaches RUN steps only through an ARG redeclared in a stage, checked there.
  const stage = ctx.stageOf(instruction);
  const use = stage && recordedBy(ctx, stage, instruction, property.name);
  if (kind && !use) {
    return {
      range: property.valueRange ?? property.nameRange,
      message: `ARG ${property.name} holds what looks like ${kind}, in the Dockerfile itself: anyone who can read the file has it. Remove it, rotate it, and pass it with RUN --mount=type=secret.`,
    };
  }
  if (!stage || !use) return null;
  const value = property.value?.trim() ?? '';
  // No default, or one from another variable: the secret comes with --build-arg.
  const passedIn = value === '' || /^\$\{?\w+\}?$/.test(value);
  if (!kind && (!secretName(property.name) || (!passedIn && notACredential(value)))) return null;
  const ships = shipped(ctx, stage);
  const where = use.env
    ? `ENV ${use.env} copies it into the image configuration`
    : ships
      ? 'the RUN steps after it record its value in the image history (docker history shows it)'
      : 'the RUN steps after it record its value in this build stage\'s history and the build cache (the final image does not ship this stage)';
  const id = property.name.toLowerCase();
  const what = kind ? `holds what looks like ${kind}` : passedIn ? 'looks like a build secret' : 'has a default credential';
  return {
    range: kind ? property.valueRange ?? property.nameRange : property.nameRange,
    severity: ships || use.env ? undefined : 'info',
    message: `ARG ${property.name} ${what}: ${where}. Pass it with RUN --mount=type=secret,id=${id} (read from /run/secrets/${id}) instead${kind ? ', and rotate it' : ''}.`,
  };
}

/**
 * What stores the ARG's value: an ENV of the stage that references it (when the stage ships), or
 * a RUN after it (BuildKit writes every ARG in scope into the RUN's history entry). Stages built
 * FROM this one do not inherit its ARGs.
 */
function recordedBy(ctx: RuleContext, stage: Stage, arg: Instruction, name: string): { env: string | null } | null {
  const escaped = name.replace(/\W/g, '\\$&');
  const reference = new RegExp(`\\$(?:${escaped}\\b|\\{${escaped}[:}+?-])`);
  let run = false;
  for (const later of stage.instructions) {
    if (later.range.start.line <= arg.range.start.line) continue;
    if (later.keyword === 'ENV' && shipped(ctx, stage)) {
      const env = later.properties.find((p) => p.value !== null && reference.test(p.value));
      if (env) return { env: env.name };
    }
    if (later.keyword === 'RUN') run = true;
  }
  return run ? { env: null } : null;
}

function shipped(ctx: RuleContext, stage: Stage): boolean {
  return ctx.model.finalStage ? stageChain(ctx.model.finalStage).includes(stage) : false;
}
