// tls-verification-disabled: downloads without certificate checks can be swapped on the way.
import type { Range } from 'vscode-languageserver-types';
import type { Finding, Rule } from '../rule';
import { runCommands, type CommandWord, type RunCommand } from '../util/runCommands';

const MESSAGE = 'TLS certificate verification is disabled: anyone on the network path (proxy, CI network) can replace what this step downloads into the image. Install the CA certificate instead.';
/** curl short options that take no value, so `-fsSLk` still means `-k`. */
const CURL_NO_VALUE = /^-[fsSLvIiOgGjJlnNqRZ#0-9]*k/;
/** A curl short-option group whose last option takes a value (`-o`, `-fsSLo`, `-H`). */
const CURL_TAKES_VALUE = /^-[a-zA-Z#0-9]*[oduHXAebcCEFKmrTwxyYzUQtD]$/;
const FALSE = /^(?:false|0|no|off)$/i;

/** Variables that switch verification off: name → does this value disable it? */
const ENV_SWITCHES: Record<string, (value: string) => boolean> = {
  // git only checks that the variable is set.
  GIT_SSL_NO_VERIFY: () => true,
  NODE_TLS_REJECT_UNAUTHORIZED: (value) => value.trim() === '0',
  PIP_TRUSTED_HOST: (value) => value.trim() !== '',
  NPM_CONFIG_STRICT_SSL: (value) => FALSE.test(value.trim()),
  YARN_STRICT_SSL: (value) => FALSE.test(value.trim()),
};

export const tlsVerificationDisabled: Rule = {
  meta: {
    id: 'tls-verification-disabled',
    category: 'security',
    severity: 'warning',
    aliases: [],
    description: 'curl -k, wget --no-check-certificate, GIT_SSL_NO_VERIFY, NODE_TLS_REJECT_UNAUTHORIZED=0, pip --trusted-host, npm strict-ssl false.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    const flag = (range: Range) => findings.push({ range, message: MESSAGE });
    for (const instruction of ctx.model.instructions) {
      if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
        for (const property of instruction.properties) {
          const disables = ENV_SWITCHES[property.name];
          if (disables && property.value !== null && disables(property.value)) flag(property.nameRange);
        }
        continue;
      }
      if (instruction.keyword !== 'RUN') continue;
      for (const command of runCommands(ctx.model, instruction)) {
        for (const range of insecureWords(command)) flag(range);
      }
    }
    return findings;
  },
};

function insecureWords(command: RunCommand): Range[] {
  const found: Range[] = [];
  for (const assignment of command.env) {
    const disables = ENV_SWITCHES[assignment.name];
    if (disables?.(assignment.value)) found.push(assignment.range);
  }
  const args = command.args;
  const values = args.map((word) => word.value);
  const push = (word: CommandWord | undefined) => { if (word) found.push(word.range); };
  switch (command.name) {
    case 'curl':
      for (let i = 0; i < args.length; i++) {
        // `-o -k` writes to a file named -k: skip the value of an option that takes one.
        if (i > 0 && CURL_TAKES_VALUE.test(values[i - 1])) continue;
        if (values[i] === '--insecure' || (!values[i].startsWith('--') && CURL_NO_VALUE.test(values[i]))) push(args[i]);
      }
      break;
    case 'wget':
      for (const word of args) if (word.value === '--no-check-certificate') push(word);
      break;
    case 'git':
      for (let i = 0; i < args.length; i++) {
        const setting = /^http\.sslverify=(.*)$/i.exec(values[i]);
        if (values[i - 1] === '-c' && setting && FALSE.test(setting[1])) push(args[i]);
        if (values[i - 1] !== '-c' && /^http\.sslverify$/i.test(values[i]) && FALSE.test(values[i + 1] ?? '')) push(args[i]);
      }
      break;
    case 'export':
      for (const word of args) {
        const eq = word.value.indexOf('=');
        const disables = eq > 0 ? ENV_SWITCHES[word.value.slice(0, eq)] : undefined;
        if (disables?.(word.value.slice(eq + 1))) push(word);
      }
      break;
    case 'pip': case 'pip3': case 'python': case 'python3': case 'uv':
      for (const word of args) if (word.value === '--trusted-host' || word.value.startsWith('--trusted-host=') || /^global\.trusted-host$/.test(word.value)) push(word);
      break;
    case 'npm': case 'yarn': case 'pnpm':
      for (let i = 0; i < args.length; i++) {
        if (/^--strict-ssl=(false|0)$/i.test(values[i])) push(args[i]);
        const setting = /^strict-ssl(?:=(.*))?$/i.exec(values[i]);
        if (setting && (values[i - 1] === 'set' || values[i - 1] === 'config') && FALSE.test(setting[1] ?? values[i + 1] ?? '')) push(args[i]);
      }
      break;
  }
  return found;
}
