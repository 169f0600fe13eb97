// TLS for tcp:// Docker endpoints, decided the way the Docker CLI decides it (cli/flags/options.go):
// --tls/--tlsverify (DOCKER_TLS/DOCKER_TLS_VERIFY) switch TLS on; --tlscacert/--tlscert/--tlskey
// name the files, else DOCKER_CERT_PATH (else ~/.docker) holds ca.pem, cert.pem and key.pem when
// they exist. One difference on purpose: the daemon's certificate is always verified (the Docker
// CLI skips that for a bare --tls); only an explicit choice turns it off (a context's
// SkipTLSVerify, the dockscope.docker.tlsVerify setting set to false).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DockerError } from './errors';

/** What the person chose explicitly (CLI flags or editor settings); unset fields fall back. */
export interface TlsChoice {
  /** `--tls`: TLS on, the files from their defaults. */
  tls?: boolean;
  /** `--tlsverify` (true) or `dockscope.docker.tlsVerify` false (the only way to skip verification). */
  verify?: boolean;
  caCert?: string;
  cert?: string;
  key?: string;
}

/** How the interface names each choice, for messages ("--tlscacert", "dockscope.docker.tlsCaCert"). */
export interface TlsLabels { caCert: string; cert: string; key: string }

export const CLI_TLS_LABELS: TlsLabels = { caCert: '--tlscacert', cert: '--tlscert', key: '--tlskey' };
export const EDITOR_TLS_LABELS: TlsLabels = { caCert: 'dockscope.docker.tlsCaCert', cert: 'dockscope.docker.tlsCert', key: 'dockscope.docker.tlsKey' };

/** The TLS material of one endpoint. */
export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Whether the daemon's certificate is checked (always, unless explicitly turned off). */
  verify: boolean;
}

/** A folder of ca.pem/cert.pem/key.pem (DOCKER_CERT_PATH, a context's TLS folder) and whether TLS is on. */
export interface TlsDefaults {
  enabled: boolean;
  dir?: string;
  /** How to name `dir` in messages. */
  dirLabel: string;
  /** Missing default files are an error (DOCKER_TLS_VERIFY set, as the Docker CLI has it). */
  required: boolean;
  skipVerify?: boolean;
}

/** The environment's TLS defaults for a tcp endpoint (DOCKER_TLS, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH). */
export function envTlsDefaults(env: NodeJS.ProcessEnv, home: string): TlsDefaults {
  const set = (value: string | undefined) => value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
  const verify = set(env.DOCKER_TLS_VERIFY);
  return {
    enabled: verify || set(env.DOCKER_TLS),
    dir: env.DOCKER_CERT_PATH || join(home, '.docker'),
    dirLabel: env.DOCKER_CERT_PATH ? 'DOCKER_CERT_PATH' : '~/.docker',
    required: verify && Boolean(env.DOCKER_CERT_PATH),
  };
}

/**
 * The TLS material for a tcp endpoint, or undefined for plain HTTP. `forced` is true for an
 * https:// host or port 2376 (TLS whatever the flags say).
 */
export function resolveTls(defaults: TlsDefaults, choice: TlsChoice, labels: TlsLabels, forced: boolean): TlsMaterial | undefined {
  const named = Boolean(choice.caCert || choice.cert || choice.key);
  const enabled = forced || defaults.enabled || choice.tls === true || choice.verify === true || named;
  if (!enabled) return undefined;
  const read = (explicit: string | undefined, fileName: string, label: string): Buffer | undefined => {
    if (explicit) {
      try {
        return readFileSync(explicit);
      } catch (error) {
        throw new DockerError('config', `Cannot read the TLS file ${explicit} (${label}): ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, { cause: error });
      }
    }
    if (!defaults.dir) return undefined;
    const path = join(defaults.dir, fileName);
    if (existsSync(path)) return readFileSync(path);
    if (defaults.required) throw new DockerError('config', `TLS is required but ${path} is missing (${defaults.dirLabel}); name the file with ${label}.`);
    return undefined;
  };
  const material: TlsMaterial = {
    ca: read(choice.caCert, 'ca.pem', labels.caCert),
    cert: read(choice.cert, 'cert.pem', labels.cert),
    key: read(choice.key, 'key.pem', labels.key),
    verify: choice.verify !== false && !defaults.skipVerify,
  };
  if (Boolean(material.cert) !== Boolean(material.key)) {
    throw new DockerError('config', `A TLS client certificate needs its key and the key its certificate: name both (${labels.cert} and ${labels.key}).`);
  }
  return material;
}
