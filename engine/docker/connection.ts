// Which Docker daemon to talk to, decided the way the Docker CLI decides it, so Dockscope shows
// the same images as `docker images` in the user's terminal. Editor-agnostic: the extension passes
// the `dockscope.docker.host` setting, the CLI passes `--host`.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { assertApiVersion, DockerError } from './errors';
import { DEFAULT_TIMEOUT_SECONDS, guardRequests, requestJson } from './requests';

export type EndpointSource = 'setting' | 'env' | 'context' | 'default';

export interface DockerEndpoint {
  source: EndpointSource;
  /** For people: e.g. "unix:///var/run/docker.sock (DOCKER_HOST)". */
  description: string;
  options: Docker.DockerOptions;
}

export interface EndpointInput {
  /** The `dockscope.docker.host` setting or the CLI's `--host`; empty means unset. */
  settingHost?: string;
  /** How to name settingHost in descriptions (default "dockscope.docker.host setting"). */
  settingLabel?: string;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  platform?: NodeJS.Platform;
}

interface TlsFiles { ca?: Buffer; cert?: Buffer; key?: Buffer }

const WINDOWS_PIPE = '//./pipe/docker_engine';

export function resolveDockerEndpoint(input: EndpointInput = {}): DockerEndpoint {
  const env = input.env ?? process.env;
  const home = input.homeDir ?? homedir();
  const platform = input.platform ?? process.platform;

  const setting = input.settingHost?.trim();
  if (setting) {
    return endpointFromHost(setting, 'setting', input.settingLabel ?? 'dockscope.docker.host setting', { platform, env });
  }
  const envHost = env.DOCKER_HOST?.trim();
  if (envHost) {
    return endpointFromHost(envHost, 'env', 'DOCKER_HOST', { tls: envTls(env, home), platform, env });
  }
  const context = currentContextEndpoint(env, home, platform, input.settingLabel ?? 'dockscope.docker.host setting');
  if (context) return context;
  return defaultEndpoint(home, platform);
}

export interface ClientOptions {
  /** How long to wait for an answer, and for the next bytes of an export (the setting / `--timeout`). */
  timeoutSeconds?: number;
}

/**
 * A dockerode client for the endpoint (resolved from the environment when omitted), every
 * request bounded in time (requests.ts). Every connection key is set explicitly because
 * docker-modem merges its own reading of process.env.DOCKER_HOST (and DOCKER_CLIENT_TIMEOUT, a
 * socket idle timeout that would cut a silent build) underneath whatever options it is given.
 */
export function createDockerClient(endpoint: DockerEndpoint = resolveDockerEndpoint(), client: ClientOptions = {}): Docker {
  const options: Docker.DockerOptions = {
    socketPath: undefined, host: undefined, port: undefined, protocol: undefined, username: undefined,
    ca: undefined, cert: undefined, key: undefined, timeout: undefined,
    ...endpoint.options,
  };
  const seconds = client.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!(seconds > 0) || !Number.isFinite(seconds)) {
    throw new DockerError('config', `The Docker timeout must be a positive number of seconds, not ${seconds}.`);
  }
  try {
    const docker = new Docker(options);
    guardRequests(docker, seconds * 1000);
    return docker;
  } catch (error) {
    // docker-modem parses process.env.DOCKER_HOST (and reads DOCKER_CERT_PATH) even when told a host.
    throw new DockerError('config', `Cannot configure the Docker client for ${endpoint.description}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Parses a Docker host URL (unix://, npipe://, tcp://, http(s)://, ssh://) into dockerode options. */
function endpointFromHost(host: string, source: EndpointSource, origin: string, extras: { tls?: TlsFiles; platform?: NodeJS.Platform; env?: NodeJS.ProcessEnv } = {}): DockerEndpoint {
  const { tls, platform = process.platform, env = process.env } = extras;
  const describe = (shown: string) => `${shown} (${origin})`;
  if (host.startsWith('unix://')) {
    const socketPath = host.slice('unix://'.length) || '/var/run/docker.sock';
    return { source, description: describe(`unix://${socketPath}`), options: { socketPath } };
  }
  if (host.startsWith('npipe://')) {
    const socketPath = host.slice('npipe://'.length) || WINDOWS_PIPE;
    return { source, description: describe(`npipe://${socketPath}`), options: { socketPath } };
  }
  if (!host.includes('://')) {
    // A bare path is a socket; a bare "host:port" is TCP, as the Docker CLI reads it.
    if (host.startsWith('/') || (platform === 'win32' && host.startsWith('\\\\'))) {
      return { source, description: describe(`unix://${host}`), options: { socketPath: host } };
    }
    host = `tcp://${host}`;
  }
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    throw new DockerError('config', `"${host}" (${origin}) is not a Docker host; expected unix:///path, npipe:////./pipe/name, tcp://host:port or ssh://user@host.`);
  }
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (url.protocol === 'ssh:') {
    const port = url.port ? Number(url.port) : 22;
    const username = decodeURIComponent(url.username) || env.USER || env.USERNAME || undefined;
    const shown = `ssh://${username ? `${username}@` : ''}${url.hostname}${url.port ? `:${url.port}` : ''}`;
    return {
      source,
      description: describe(shown),
      options: { protocol: 'ssh', host: hostname, port, username, sshOptions: { agent: env.SSH_AUTH_SOCK } },
    };
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DockerError('config', `Unsupported Docker host scheme "${url.protocol}" in "${host}" (${origin}).`);
  }
  const secure = url.protocol === 'https:' || Boolean(tls?.ca || tls?.cert) || url.port === '2376';
  const port = url.port ? Number(url.port) : secure ? 2376 : 2375;
  const protocol = secure ? 'https' : 'http';
  return {
    source,
    description: describe(`${url.protocol === 'tcp:' ? 'tcp' : protocol}://${url.hostname}:${port}${secure ? ' TLS' : ''}`),
    options: { protocol, host: hostname, port, ...(tls ?? {}) },
  };
}

/** DOCKER_TLS_VERIFY / DOCKER_CERT_PATH, as the Docker CLI reads them (ca.pem, cert.pem, key.pem). */
function envTls(env: NodeJS.ProcessEnv, home: string): TlsFiles | undefined {
  const verify = env.DOCKER_TLS_VERIFY !== undefined && env.DOCKER_TLS_VERIFY !== '' && env.DOCKER_TLS_VERIFY !== '0';
  const certPath = env.DOCKER_CERT_PATH;
  if (!verify && !certPath) return undefined;
  return readTlsDir(certPath || join(home, '.docker'), verify);
}

function readTlsDir(dir: string, required: boolean): TlsFiles | undefined {
  const read = (name: string) => {
    const path = join(dir, name);
    if (existsSync(path)) return readFileSync(path);
    if (required) throw new DockerError('config', `TLS is required but ${path} is missing (DOCKER_CERT_PATH).`);
    return undefined;
  };
  const files: TlsFiles = { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') };
  return files.ca || files.cert || files.key ? files : undefined;
}

/** The Docker CLI stores a context's endpoint under contexts/meta/<sha256(name)>/meta.json. */
function currentContextEndpoint(env: NodeJS.ProcessEnv, home: string, platform: NodeJS.Platform, settingLabel: string): DockerEndpoint | undefined {
  const configDir = env.DOCKER_CONFIG || join(home, '.docker');
  let name = env.DOCKER_CONTEXT?.trim();
  if (!name) {
    const config = readJson(join(configDir, 'config.json'));
    const current = (config as { currentContext?: unknown } | undefined)?.currentContext;
    name = typeof current === 'string' ? current.trim() : '';
  }
  if (!name || name === 'default') return undefined;
  const id = createHash('sha256').update(name).digest('hex');
  const metaPath = join(configDir, 'contexts', 'meta', id, 'meta.json');
  const meta = readJson(metaPath) as { Endpoints?: { docker?: { Host?: unknown } } } | undefined;
  const host = meta?.Endpoints?.docker?.Host;
  if (typeof host !== 'string' || !host) {
    throw new DockerError('config', `The current Docker context "${name}" has no docker endpoint (${metaPath} is missing or unreadable). Run \`docker context use default\`, or name an endpoint (${settingLabel}).`);
  }
  const tls = readTlsDir(join(configDir, 'contexts', 'tls', id, 'docker'), false);
  return endpointFromHost(host, 'context', `Docker context "${name}"`, { tls, platform, env });
}

function defaultEndpoint(home: string, platform: NodeJS.Platform): DockerEndpoint {
  if (platform === 'win32') {
    return { source: 'default', description: `npipe://${WINDOWS_PIPE} (default)`, options: { socketPath: WINDOWS_PIPE } };
  }
  // Docker Desktop (macOS, recent Linux installs) puts a per-user socket here.
  const userSocket = join(home, '.docker', 'run', 'docker.sock');
  const socketPath = existsSync(userSocket) ? userSocket : '/var/run/docker.sock';
  return { source: 'default', description: `unix://${socketPath} (default)`, options: { socketPath } };
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

export interface DaemonInfo { apiVersion: string; serverVersion: string; os: string }

/** Asks the daemon for its version; throws a DockerError('api-too-old') below MIN_API_VERSION. */
export async function checkDaemon(docker: Docker, signal?: AbortSignal): Promise<DaemonInfo> {
  const version = await requestJson<{ ApiVersion?: unknown; Version?: unknown; Os?: unknown }>(docker, 'GET', '/version', signal, { 200: true, 500: 'server error' });
  if (typeof version !== 'object' || version === null || typeof version.Version !== 'string') {
    throw new DockerError('bad-answer', 'It answered GET /version without a version.', { request: 'GET /version' });
  }
  assertApiVersion(typeof version.ApiVersion === 'string' ? version.ApiVersion : undefined);
  return { apiVersion: String(version.ApiVersion ?? ''), serverVersion: version.Version, os: String(version.Os ?? '') };
}
