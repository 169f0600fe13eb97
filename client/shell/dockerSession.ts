// The extension's one connection to the Docker daemon, for every feature (the Layers view, the
// build, the FROM hover and the pin action): built by the engine from the `dockscope.docker.*`
// settings (then DOCKER_HOST, the CLI context, the default socket), rebuilt when they
// changes or the user retries, and watching the daemon's image events for everyone.
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { checkDaemon, createDockerClient, releaseDockerClient, resolveDockerEndpoint, type DaemonInfo, type DockerEndpoint } from '../../engine/docker/connection';
import { classifyDockerError, EDITOR_WORDS, type DockerFailure } from '../../engine/docker/errors';
import { EDITOR_TLS_LABELS } from '../../engine/docker/tls';
import { DaemonEventWatcher } from './daemonEvents';
import { HostKeyPrompt } from './hostKeyPrompt';
import type { Logger } from './logger';
import { affectsSettings, readSettings } from './settings';

export interface Connection {
  docker: Docker;
  endpoint: DockerEndpoint;
}

/** Whether the daemon answers, and if not why, in the editor's words (endpoint, reason, setting). */
export type DaemonLiveness = { reachable: true } | { reachable: false; failure: DockerFailure };

export class DockerSession implements vscode.Disposable {
  private connection: Connection | undefined;
  private daemon: Promise<DaemonInfo> | undefined;
  private readonly reconnected = new vscode.EventEmitter<void>();
  private readonly imagesChanged = new vscode.EventEmitter<void>();
  private readonly livenessChanged = new vscode.EventEmitter<DaemonLiveness>();
  private readonly events: DaemonEventWatcher;
  private readonly configListener: vscode.Disposable;
  private readonly hostKeys = new HostKeyPrompt();
  /** Fires when the connection was rebuilt: the endpoint setting changed, or the user retried. */
  readonly onDidReconnect = this.reconnected.event;
  /** Fires (debounced) when the daemon reports image changes, or once it is reachable again. */
  readonly onDidChangeImages = this.imagesChanged.event;
  /** Fires within seconds when the daemon stops answering, and when it answers again. */
  readonly onDidChangeLiveness = this.livenessChanged.event;

  constructor(log: Logger) {
    this.events = new DaemonEventWatcher(() => {
      const { docker } = this.connect();
      return { imageEvents: () => docker.getEvents({ filters: { type: ['image'] } }), ping: () => docker.ping() };
    }, {
      onImagesChanged: () => this.imagesChanged.fire(),
      onLiveness: (liveness) => {
        // The version check is redone once the daemon is back (it may have been upgraded).
        if (!liveness.reachable) this.daemon = undefined;
        this.livenessChanged.fire(liveness.reachable ? liveness
          : { reachable: false, failure: classifyDockerError(liveness.error, { words: EDITOR_WORDS, endpoint: this.describeEndpoint() }) });
      },
    }, log);
    this.configListener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsSettings(event, 'docker')) this.retry();
    });
  }

  /** Starts listening to the daemon's image events. */
  start(): void {
    this.events.restart();
  }

  /** The client for the configured endpoint; throws a DockerError('config') for a bad setting. */
  connect(): Connection {
    if (!this.connection) {
      const { docker: settings } = readSettings();
      const endpoint = resolveDockerEndpoint({
        settingHost: settings.host,
        tls: { verify: settings.tlsVerify ? undefined : false, caCert: settings.tlsCaCert, cert: settings.tlsCert, key: settings.tlsKey },
        tlsLabels: EDITOR_TLS_LABELS,
      });
      this.connection = { endpoint, docker: createDockerClient(endpoint, { confirmHostKey: this.hostKeys.confirm, timeoutSeconds: settings.timeoutSeconds }) };
    }
    return this.connection;
  }

  /** The endpoint's description, or why it cannot be resolved. */
  describeEndpoint(): string {
    try {
      return this.connect().endpoint.description;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  }

  /**
   * A connection to a daemon that answered and is recent enough. The version check is cached
   * until the next reconnection (after a failure, a Retry or a settings change).
   */
  async ready(): Promise<Connection & { daemon: DaemonInfo }> {
    const connection = this.connect();
    this.daemon ??= checkDaemon(connection.docker);
    try {
      return { ...connection, daemon: await this.daemon };
    } catch (error) {
      this.daemon = undefined;
      throw error;
    }
  }

  /** Forgets the client and reconnects: the next call re-reads settings and re-checks the daemon. */
  retry(): void {
    if (this.connection) releaseDockerClient(this.connection.docker);
    this.hostKeys.reset();
    this.connection = undefined;
    this.daemon = undefined;
    this.events.restart();
    this.reconnected.fire();
  }

  dispose(): void {
    this.events.dispose();
    if (this.connection) releaseDockerClient(this.connection.docker);
    this.configListener.dispose();
    this.reconnected.dispose();
    this.imagesChanged.dispose();
    this.livenessChanged.dispose();
  }
}
