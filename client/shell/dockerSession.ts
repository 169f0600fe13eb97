// The extension's one connection to the Docker daemon, built by the engine from the
// `dockscope.docker.host` setting (then DOCKER_HOST, the CLI context, the default socket) and
// rebuilt when that setting changes. The Layers view, the hover and the code action share it.
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { checkDaemon, createDockerClient, resolveDockerEndpoint, type DaemonInfo, type DockerEndpoint } from '../../engine/docker/connection';

export interface Connection {
  docker: Docker;
  endpoint: DockerEndpoint;
}

export class DockerSession implements vscode.Disposable {
  private connection: Connection | undefined;
  private daemon: Promise<DaemonInfo> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly configListener: vscode.Disposable;
  /** Fires when the endpoint setting changed and the client was rebuilt. */
  readonly onDidChangeEndpoint = this.changed.event;

  constructor() {
    this.configListener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('dockscope.docker.host')) return;
      this.reset();
      this.changed.fire();
    });
  }

  /** The client for the configured endpoint; throws a DockerError('config') for a bad setting. */
  connect(): Connection {
    if (!this.connection) {
      const settingHost = vscode.workspace.getConfiguration('dockscope.docker').get<string>('host') ?? '';
      const endpoint = resolveDockerEndpoint({ settingHost });
      this.connection = { endpoint, docker: createDockerClient(endpoint) };
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
   * until `reset()` (after a failure, a Retry or a settings change).
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

  /** Forget the client (the next call re-reads settings and re-checks the daemon). */
  reset(): void {
    this.connection = undefined;
    this.daemon = undefined;
  }

  dispose(): void {
    this.configListener.dispose();
    this.changed.dispose();
  }
}
