// The options every command that talks to Docker takes, named as the Docker CLI names them
// (`docker -H … --tlsverify --tlscacert … --tlscert … --tlskey …`).
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_TIMEOUT_SECONDS, parseTimeoutSeconds } from '../../engine/docker/requests';

export interface EndpointOptions {
  host?: string;
  tls?: boolean;
  tlsverify?: boolean;
  tlscacert?: string;
  tlscert?: string;
  tlskey?: string;
  /** Seconds to wait for the daemon's answer and for an export's next bytes (a build's silent steps are never cut). */
  timeout?: number;
}

function seconds(text: string): number {
  try {
    return parseTimeoutSeconds(text);
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

export function withEndpointOptions(command: Command): Command {
  return command
    .option('-H, --host <host>', 'Docker endpoint (unix://, tcp://, ssh://); default: DOCKER_HOST, the current Docker context, the platform socket')
    .option('--tls', 'use TLS for a tcp:// endpoint (default: DOCKER_TLS); unlike docker, the daemon\'s certificate is still verified')
    .option('--tlsverify', 'use TLS and verify the daemon\'s certificate (default: DOCKER_TLS_VERIFY)')
    .option('--tlscacert <file>', 'trust daemon certificates signed by this CA (default: $DOCKER_CERT_PATH/ca.pem, else the system CAs)')
    .option('--tlscert <file>', 'TLS client certificate (default: $DOCKER_CERT_PATH/cert.pem)')
    .option('--tlskey <file>', 'TLS client key (default: $DOCKER_CERT_PATH/key.pem)')
    .option('--timeout <seconds>', `seconds to wait for the daemon's answer and, during an export, for its next bytes; a running build may stay silent for longer (default ${DEFAULT_TIMEOUT_SECONDS})`, seconds);
}
