// Keeps the Layers view current: listens to the daemon's image events (pull, tag, untag, delete,
// import, load, build results) and asks for one refresh per burst. When the stream drops (daemon
// restarted or stopped) it reconnects with a growing pause, quietly; a successful reconnection
// also refreshes, so the view recovers by itself once Docker is back.
import type Docker from 'dockerode';
import type { Logger } from './logger';

const DEBOUNCE_MS = 400;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

export class DaemonEventWatcher {
  private stream: NodeJS.ReadableStream | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private retryMs = FIRST_RETRY_MS;
  private disposed = false;
  private generation = 0;
  private failedBefore = false;

  constructor(
    private readonly connect: () => Docker,
    private readonly onImagesChanged: () => void,
    private readonly log: Logger,
  ) {}

  /** (Re)starts listening, e.g. after the endpoint setting changed. */
  restart(): void {
    this.stop();
    this.retryMs = FIRST_RETRY_MS;
    void this.listen(++this.generation);
  }

  private async listen(generation: number): Promise<void> {
    if (this.disposed || generation !== this.generation) return;
    try {
      const stream = await this.connect().getEvents({ filters: { type: ['image'] } });
      if (this.disposed || generation !== this.generation) {
        destroy(stream);
        return;
      }
      this.stream = stream;
      this.log.debug('Listening to Docker image events');
      if (this.failedBefore) {
        this.failedBefore = false;
        this.log.info('Docker daemon reachable again; refreshing the Layers view');
        this.schedule();
      }
      this.retryMs = FIRST_RETRY_MS;
      stream.on('data', (chunk: Buffer) => this.onData(chunk));
      stream.on('error', (error: Error) => this.reconnect(generation, error));
      stream.on('end', () => this.reconnect(generation, new Error('event stream ended')));
    } catch (error) {
      this.reconnect(generation, error);
    }
  }

  private onData(chunk: Buffer): void {
    // One JSON object per line; we only need to know that an image changed.
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const event = JSON.parse(line) as { Type?: string; Action?: string; id?: string };
        this.log.trace(`Docker event: ${event.Type ?? '?'} ${event.Action ?? '?'} ${event.id ?? ''}`);
      } catch {
        // A chunk may split a line; the refresh below does not depend on parsing it.
      }
    }
    this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      if (!this.disposed) this.onImagesChanged();
    }, DEBOUNCE_MS);
  }

  private reconnect(generation: number, error: unknown): void {
    if (this.disposed || generation !== this.generation || this.retry) return;
    if (this.stream) destroy(this.stream);
    this.stream = undefined;
    this.failedBefore = true;
    this.log.debug(`Docker event stream unavailable (${error instanceof Error ? error.message : String(error)}); retrying in ${this.retryMs / 1000} s`);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.listen(generation);
    }, this.retryMs);
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
  }

  private stop(): void {
    clearTimeout(this.retry);
    this.retry = undefined;
    if (this.stream) destroy(this.stream);
    this.stream = undefined;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.debounce);
    this.stop();
  }
}

function destroy(stream: NodeJS.ReadableStream): void {
  (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
}
