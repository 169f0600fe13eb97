// Where an ssh://[user@]host[:port] Docker endpoint really leads and how to log in there, read as
// OpenSSH reads it: the URL first, then ~/.ssh/config for the host as typed (an alias), then the
// defaults (port 22, the local user from the OS, not $USER; ~/.ssh/id_* keys; the agent at
// SSH_AUTH_SOCK; ~/.ssh/known_hosts).
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { expandSshPath, readSshConfig } from './config';

export interface SshTarget {
  /** The host as typed in the URL (an alias for ~/.ssh/config, or a real name). */
  alias: string;
  /** Where to connect (HostName from the config, else the alias). */
  host: string;
  port: number;
  user: string;
  /** Whether the URL itself named the user (for the commands printed in messages). */
  userInUrl: boolean;
  portInUrl: boolean;
  /** Private key files to offer, in order (IdentityFile, else OpenSSH's defaults). */
  identityFiles: string[];
  /** The agent's socket; undefined when there is none or the config turned it off. */
  agentSocket?: string;
  knownHostsFiles: string[];
  home: string;
}

/** OpenSSH's default identities, in the order it tries them (the ones ssh2 can use). */
const DEFAULT_IDENTITIES = ['id_rsa', 'id_ecdsa', 'id_ed25519', 'id_dsa'];

function localUser(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry for this uid (some containers): what the environment says, else root's name.
    return env.USER || env.USERNAME || env.LOGNAME || 'root';
  }
}

export function resolveSshTarget(url: { user?: string; host: string; port?: number }, env: NodeJS.ProcessEnv, home: string): SshTarget {
  const config = readSshConfig(url.host, home);
  const host = config.hostName || url.host;
  const port = url.port ?? config.port ?? 22;
  const user = url.user || config.user || localUser(env);
  const tokens = { home, localUser: localUser(env), host, user, port };
  const identityFiles = (config.identityFiles.length ? config.identityFiles : DEFAULT_IDENTITIES.map((name) => join('~', '.ssh', name)))
    .filter((path) => path.toLowerCase() !== 'none')
    .map((path) => expandSshPath(path, tokens));
  let agentSocket = env.SSH_AUTH_SOCK || undefined;
  if (config.identityAgent) {
    const agent = config.identityAgent;
    agentSocket = agent.toLowerCase() === 'none' ? undefined
      : agent === 'SSH_AUTH_SOCK' ? env.SSH_AUTH_SOCK || undefined
        : agent.startsWith('$') ? env[agent.slice(1)] || undefined
          : expandSshPath(agent, tokens);
  }
  if (config.identitiesOnly && config.identityFiles.length) {
    // IdentitiesOnly: only the named files, even when the agent holds others (it may hold the same keys;
    // ssh2 cannot ask the agent for one key, so the files alone are offered).
    agentSocket = undefined;
  }
  const knownHostsFiles = (config.userKnownHostsFiles ?? ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'])
    .filter((path) => path.toLowerCase() !== 'none')
    .map((path) => expandSshPath(path, tokens));
  return {
    alias: url.host, host, port, user, userInUrl: Boolean(url.user), portInUrl: url.port !== undefined,
    identityFiles, agentSocket, knownHostsFiles: [...knownHostsFiles, '/etc/ssh/ssh_known_hosts'], home,
  };
}

/** The `ssh` command line that reaches the same host (alias, and user/port when the URL named them). */
export function sshCommandFor(target: SshTarget): string {
  const port = target.portInUrl ? ` -p ${target.port}` : '';
  return `ssh${port} ${target.userInUrl ? `${target.user}@` : ''}${target.alias}`;
}
