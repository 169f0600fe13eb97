// The Docker client of one CLI command, from --host and the TLS flags (then the environment, the
// current Docker context, the platform socket). The CLI has no one to ask about an unknown ssh
// host key: it refuses and prints the command that trusts it.
import type Docker from 'dockerode';
import { createDockerClient, resolveDockerEndpoint } from '../../engine/docker/connection';
import { CLI_TLS_LABELS } from '../../engine/docker/tls';
import type { EndpointOptions } from '../commands/endpointOptions';

export interface CliConnection {
  docker: Docker;
  /** The endpoint's description, for messages. */
  endpoint: string;
}

/** Resolves the endpoint; `describe` receives its description first, so a failure to connect can name it. */
export function connectDocker(options: EndpointOptions, describe: (endpoint: string) => void): CliConnection {
  const resolved = resolveDockerEndpoint({
    settingHost: options.host,
    settingLabel: '--host',
    tls: { tls: options.tls, verify: options.tlsverify ? true : undefined, caCert: options.tlscacert, cert: options.tlscert, key: options.tlskey },
    tlsLabels: CLI_TLS_LABELS,
  });
  describe(resolved.description);
  return { docker: createDockerClient(resolved, { timeoutSeconds: options.timeout }), endpoint: resolved.description };
}
