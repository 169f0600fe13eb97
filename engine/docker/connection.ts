// Which Docker daemon to talk to, decided the way the Docker CLI decides it, so Dockscope shows
// the same images as `docker images` in the user's terminal. Editor-agnostic: the extension passes
// the `dockscope.docker.host` setting, the CLI passes `--host`.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as https from 'node:https';
import { homedir } from 'node:os';
import { join } from 'node:path';
import Docker from 'dockerode';
import { assertApiVersion, DockerError } from './errors';
import { DEFAULT_TIMEOUT_SECONDS, guardRequests, requestJson } from './requests';
import { SshTunnel, type ConfirmHostKey } from './ssh/tunnel';
import { resolveSshTarget, type SshTarget } from './ssh/target';
import { EDITOR_TLS_LABELS, envTlsDefaults, resolveTls, type TlsChoice, type TlsDefaults, type TlsLabels } from './tls';

export type EndpointSource = 'setting' | 'env' | 'context' | 'default';

export interface DockerEndpoint {
  source: EndpointSource;
  /** For people: e.g. "unix:///var/run/docker.sock (DOCKER_HOST)". */
  description: string;
  options: Docker.DockerOptions;
  /** tcp with TLS: whether the daemon's certificate is verified (false only when explicitly turned off). */
  tlsVerify?: boolean;
  /** ssh://: where to log in and what to trust, read from the URL and ~/.ssh. */
  ssh?: SshTarget;
}

export interface EndpointInput {
  /** The `dockscope.docker.host` setting or the CLI's `--host`; empty means unset. */
  settingHost?: string;
  /** How to name settingHost in descriptions (default "dockscope.docker.host setting"). */
  settingLabel?: string;
  /** TLS chosen explicitly (CLI flags, editor settings); it overrides the environment's and the context's. */
  tls?: TlsChoice;
  /** How to name the TLS choices in messages (default: the editor settings). */
  tlsLabels?: TlsLabels;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  platform?: NodeJS.Platform;
}

export interface ClientHooks {
  /** Asked on first contact with an ssh host (the editor's modal); without it unknown hosts are refused. */
  confirmHostKey?: ConfirmHostKey;
}

const WINDOWS_PIPE = '//./pipe/docker_engine';
/** The variables docker-modem reads on its own in its constructor, whatever it is told. */
const MODEM_ENV = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_CLIENT_TIMEOUT', 'DOCKER_PATH_PREFIX'];

interface HostContext {
  /** The TLS defaults for a tcp host: the environment's, or the context's folder. */
  tlsDefaults: TlsDefaults;
  choice: TlsChoice;
  labels: TlsLabels;
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
}

export function resolveDockerEndpoint(input: EndpointInput = {}): DockerEndpoint {
  const env = input.env ?? process.env;
  const home = input.homeDir ?? homedir();
  const platform = input.platform ?? process.platform;
  const base = { choice: input.tls ?? {}, labels: input.tlsLabels ?? EDITOR_TLS_LABELS, platform, env, home };
  // The environment's TLS variables apply to tcp hosts only: a stale DOCKER_CERT_PATH never
  // touches a unix socket or an ssh host, named or not.
  const envTls = envTlsDefaults(env, home);

  const setting = input.settingHost?.trim();
  if (setting) {
    return endpointFromHost(setting, 'setting', input.settingLabel ?? 'dockscope.docker.host setting', { ...base, tlsDefaults: envTls });
  }
  const envHost = env.DOCKER_HOST?.trim();
  if (envHost) {
    return endpointFromHost(envHost, 'env', 'DOCKER_HOST', { ...base, tlsDefaults: envTls });
  }
  const context = currentContextEndpoint(base, input.settingLabel ?? 'dockscope.docker.host setting');
  if (context) return context;
  return defaultEndpoint(home, platform);
}

export interface ClientOptions {
  /** How long to wait for an answer, and for the next bytes of an export (the setting / `--timeout`). */
  timeoutSeconds?: number;
}

/**
 * A dockerode client for the endpoint (resolved from the environment when omitted): the
 * endpoint's options only (docker-modem's own reading of DOCKER_HOST/DOCKER_CERT_PATH and
 * DOCKER_CLIENT_TIMEOUT — a socket idle timeout that would cut a silent build — is kept out), an
 * https agent that verifies unless told otherwise, one shared ssh connection for ssh://, and
 * every request bounded in time (requests.ts). Release it with releaseDockerClient when done
 * (it holds the ssh connection).
 */
export function createDockerClient(endpoint: DockerEndpoint = resolveDockerEndpoint(), hooks: ClientHooks & ClientOptions = {}): Docker {
  // docker-modem hands `agent` to every request (its types do not list it).
  const options: Docker.DockerOptions & { agent?: https.Agent | SshTunnel } = {
    socketPath: undefined, host: undefined, port: undefined, protocol: undefined, username: undefined,
    ca: undefined, cert: undefined, key: undefined, timeout: undefined,
    ...endpoint.options,
  };
  const seconds = hooks.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!(seconds > 0) || !Number.isFinite(seconds)) {
    throw new DockerError('config', `The Docker timeout must be a positive number of seconds, not ${seconds}.`);
  }
  if (endpoint.ssh) {
    options.agent = new SshTunnel(endpoint.ssh, endpoint.description, hooks.confirmHostKey);
  } else if (options.protocol === 'https') {
    const { ca, cert, key } = options as { ca?: Buffer; cert?: Buffer; key?: Buffer };
    options.agent = new https.Agent({ keepAlive: true, ca, cert, key, rejectUnauthorized: endpoint.tlsVerify !== false });
  }
  const saved = MODEM_ENV.map((name) => [name, process.env[name]] as const);
  try {
    // docker-modem's constructor reads these from process.env and merges its reading underneath
    // the options (a stale DOCKER_CERT_PATH made it throw for any host); hidden for that call only.
    for (const name of MODEM_ENV) delete process.env[name];
    const docker = new Docker(options);
    guardRequests(docker, seconds * 1000);
    return docker;
  } catch (error) {
    throw new DockerError('config', `Cannot configure the Docker client for ${endpoint.description}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    for (const [name, value] of saved) if (value !== undefined) process.env[name] = value;
  }
}

/** Closes what the client keeps open between requests (the ssh connection, kept-alive TLS sockets). */
export function releaseDockerClient(docker: Docker): void {
  const agent = (docker.modem as { agent?: unknown }).agent;
  if (agent instanceof SshTunnel) agent.close();
  else if (agent instanceof https.Agent) agent.destroy();
}

/** Parses a Docker host URL (unix://, npipe://, tcp://, http(s)://, ssh://) into dockerode options. */
function endpointFromHost(host: string, source: EndpointSource, origin: string, context: HostContext): DockerEndpoint {
  const { platform } = context;
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
    const ssh = resolveSshTarget({ user: decodeURIComponent(url.username) || undefined, host: hostname, port: url.port ? Number(url.port) : undefined }, context.env, context.home);
    const shown = `ssh://${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.hostname}${url.port ? `:${url.port}` : ''}`;
    // The requests go through the ssh tunnel's agent; host and port only name it in URLs.
    return { source, description: describe(shown), options: { protocol: 'http', host: hostname, port: ssh.port }, ssh };
  }
  if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DockerError('config', `Unsupported Docker host scheme "${url.protocol}" in "${host}" (${origin}).`);
  }
  const tls = url.protocol === 'http:' ? undefined : resolveTls(context.tlsDefaults, context.choice, context.labels, url.protocol === 'https:' || url.port === '2376');
  const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
  const protocol = tls ? 'https' : 'http';
  const tlsNote = !tls ? '' : tls.verify ? ' TLS' : ' TLS, certificate not verified';
  const files = tls ? { ...(tls.ca ? { ca: tls.ca } : {}), ...(tls.cert ? { cert: tls.cert } : {}), ...(tls.key ? { key: tls.key } : {}) } : {};
  return {
    source,
    description: describe(`${url.protocol === 'tcp:' ? 'tcp' : protocol}://${url.hostname}:${port}${tlsNote}`),
    options: { protocol, host: hostname, port, ...files },
    ...(tls ? { tlsVerify: tls.verify } : {}),
  };
}

/** The Docker CLI stores a context's endpoint under contexts/meta/<sha256(name)>/meta.json. */
function currentContextEndpoint(base: Omit<HostContext, 'tlsDefaults'>, settingLabel: string): DockerEndpoint | undefined {
  const { env, home } = base;
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
  const meta = readJson(metaPath) as { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } } | undefined;
  const host = meta?.Endpoints?.docker?.Host;
  if (typeof host !== 'string' || !host) {
    throw new DockerError('config', `The current Docker context "${name}" has no docker endpoint (${metaPath} is missing or unreadable). Run \`docker context use default\`, or name an endpoint (${settingLabel}).`);
  }
  // `docker context create --docker host=…,ca=…,cert=…,key=…` stores the files here; skip-tls-verify=true sets SkipTLSVerify.
  const tlsDir = join(configDir, 'contexts', 'tls', id, 'docker');
  const skipVerify = meta?.Endpoints?.docker?.SkipTLSVerify === true;
  const hasFiles = ['ca.pem', 'cert.pem', 'key.pem'].some((file) => existsSync(join(tlsDir, file)));
  const tlsDefaults: TlsDefaults = { enabled: hasFiles || skipVerify, dir: tlsDir, dirLabel: `Docker context "${name}"`, required: false, skipVerify };
  return endpointFromHost(host, 'context', `Docker context "${name}"`, { ...base, tlsDefaults });
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
