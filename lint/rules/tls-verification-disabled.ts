// tls-verification-disabled: downloads without certificate checks can be swapped on the way.
import type { Range } from 'vscode-languageserver-types';
import type { Finding, Rule } from '../rule';
import { runCommands, type CommandWord, type RunCommand } from '../util/runCommands';

const RISK = 'anyone on the network path (a proxy, the CI network) could swap what is fetched without anything noticing. Install the CA certificate (ca-certificates, or your own root in /usr/local/share/ca-certificates) instead.';
const IN_STEP = `TLS certificate verification is off for this step's downloads: ${RISK}`;
const VERIFIED = 'TLS certificate verification is off for this step\'s downloads; the checksum or signature check in this RUN still catches a swapped file, but not a swapped install script or a leaked credential. Install the CA certificate instead.';
const PERSISTENT = `TLS certificate verification is turned off in a configuration file of the image, for every later build step and for the running container: ${RISK}`;
/** Commands that check what was downloaded: `sha256sum -c`, `gpg --verify`, `cosign verify`. */
const CHECKSUM = /^(?:sha(?:1|224|256|384|512)sum|md5sum|b2sum|shasum)$/;
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
    description: 'TLS certificate checks turned off: curl -k, wget --no-check-certificate, GIT_SSL_NO_VERIFY, NODE_TLS_REJECT_UNAUTHORIZED=0, pip --trusted-host, npm strict-ssl false.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    // ONBUILD RUN triggers too: they run in every image built FROM this one.
    for (const instruction of ctx.model.withTriggers) {
      if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
        const scope = instruction.keyword === 'ENV'
          ? 'for every later build step and for the running container'
          : 'for the build steps after it';
        for (const property of instruction.properties) {
          const disables = ENV_SWITCHES[property.name];
          if (disables && property.value !== null && disables(property.value)) {
            findings.push({ range: property.nameRange, message: `${instruction.keyword} ${property.name} turns TLS certificate verification off ${scope}: ${RISK}` });
          }
        }
        continue;
      }
      if (instruction.keyword !== 'RUN') continue;
      const commands = runCommands(ctx.model, instruction);
      const verified = commands.some((command) => (CHECKSUM.test(command.name ?? '') && command.args.some((word) => /^(?:-[a-zA-Z]*c|--check)$/.test(word.value)))
        || (/^gpg2?$/.test(command.name ?? '') && command.args.some((word) => word.value === '--verify'))
        || (command.name === 'cosign' && command.args[0]?.value.startsWith('verify')));
      for (const command of commands) {
        for (const { range, persistent } of insecureWords(command)) {
          if (persistent) findings.push({ range, message: PERSISTENT });
          else if (verified && (command.name === 'curl' || command.name === 'wget')) findings.push({ range, message: VERIFIED, severity: 'info' });
          else findings.push({ range, message: IN_STEP });
        }
      }
    }
    return findings;
  },
};

/** Where only local or plain-HTTP URLs are fetched, certificate checks do not matter (`curl -k https://localhost:8443`). */
function onlyLocalOrPlain(values: string[]): boolean {
  const urls = values.filter((value) => /^[a-z][a-z0-9+.-]*:\/\//i.test(value));
  return urls.length > 0 && urls.every((url) => /^http:\/\//i.test(url) || /^[a-z]+:\/\/(?:[^@/]*@)?(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?:[:/]|$)/i.test(url));
}

function insecureWords(command: RunCommand): Array<{ range: Range; persistent: boolean }> {
  const found: Array<{ range: Range; persistent: boolean }> = [];
  for (const assignment of command.env) {
    const disables = ENV_SWITCHES[assignment.name];
    if (disables?.(assignment.value)) found.push({ range: assignment.range, persistent: false });
  }
  const args = command.args;
  const values = args.map((word) => word.value);
  // `git config --global`, `npm config set`, `pip config set` write a file that later steps and the container read.
  const persistent = (command.name === 'git' && values.includes('config') && (values.includes('--global') || values.includes('--system')))
    || ((command.name === 'npm' || command.name === 'yarn' || command.name === 'pnpm' || /^pip3?$/.test(command.name ?? '')) && values[0] === 'config');
  const push = (word: CommandWord | undefined) => { if (word) found.push({ range: word.range, persistent }); };
  switch (command.name) {
    case 'curl':
      if (onlyLocalOrPlain(values)) break;
      for (let i = 0; i < args.length; i++) {
        // `-o -k` writes to a file named -k: skip the value of an option that takes one.
        if (i > 0 && CURL_TAKES_VALUE.test(values[i - 1])) continue;
        if (values[i] === '--insecure' || (!values[i].startsWith('--') && CURL_NO_VALUE.test(values[i]))) push(args[i]);
      }
      break;
    case 'wget':
      if (onlyLocalOrPlain(values)) break;
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
