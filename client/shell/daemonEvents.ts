// Keeps the views current and honest about the daemon: listens to its image events (pull, tag,
// untag, delete, load, build results) and asks for one refresh per burst; and notices within
// seconds when the daemon goes away: when the event stream ends or fails, a probe (a ping) tells a
// stopped daemon from a dropped stream. While the daemon is away it is probed again with a growing
// pause (2 s up to 10 s); once it answers, listening resumes and the views refresh by themselves.
// The clock and the daemon are injected, so the state machine is unit-tested without either.
import type { Logger } from './logger';

const DEBOUNCE_MS = 400;
/** A stream that closed while the daemon still answers is reopened after this pause (growing). */
const REOPEN_MS = 500;
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 10_000;

/** What the watcher needs of the daemon (dockerode's getEvents filtered to images, and ping). */
export interface EventSource {
  imageEvents(): Promise<NodeJS.ReadableStream>;
  ping(): Promise<unknown>;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_TIMERS: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Whether the daemon answers; `error` is why not (the socket error of the last attempt). */
export type Liveness = { reachable: true } | { reachable: false; error: unknown };

export interface WatcherCallbacks {
  onImagesChanged(): void;
  /** Fires on each change between reachable and not (not on every failed retry). */
  onLiveness(liveness: Liveness): void;
}

export class DaemonEventWatcher {
  private stream: NodeJS.ReadableStream | undefined;
  private debounce: unknown;
  private retry: unknown;
  private retryMs = FIRST_RETRY_MS;
  private reopenMs = REOPEN_MS;
  private disposed = false;
  private generation = 0;
  private reachable: boolean | undefined;

  constructor(
    private readonly connect: () => EventSource,
    private readonly callbacks: WatcherCallbacks,
    private readonly log: Logger,
    private readonly timers: Timers = REAL_TIMERS,
  ) {}

  /** What the last attempt found; undefined before the first answer. */
  get isReachable(): boolean | undefined {
    return this.reachable;
  }

  /** (Re)starts listening, e.g. after the endpoint setting changed. */
  restart(): void {
    this.stop();
    this.retryMs = FIRST_RETRY_MS;
    this.reopenMs = REOPEN_MS;
    void this.listen(++this.generation);
  }

  private current(generation: number): boolean {
    return !this.disposed && generation === this.generation;
  }

  private async listen(generation: number): Promise<void> {
    if (!this.current(generation)) return;
    let stream: NodeJS.ReadableStream;
    try {
      stream = await this.connect().imageEvents();
    } catch (error) {
      this.unreachable(generation, error);
      return;
    }
    if (!this.current(generation)) {
      destroy(stream);
      return;
    }
    this.stream = stream;
    this.log.debug('Listening to Docker image events');
    this.retryMs = FIRST_RETRY_MS;
    this.setReachable(true, undefined);
    let settled = false;
    const lost = (error: unknown) => {
      if (settled) return;
      settled = true;
      void this.lost(generation, stream, error);
    };
    stream.on('data', (chunk: Buffer) => this.onData(chunk));
    stream.on('error', (error: Error) => lost(error));
    stream.on('end', () => lost(new Error('the event stream ended')));
    stream.on('close', () => lost(new Error('the event stream closed')));
  }

  /** The stream ended: probe at once to tell a stopped daemon from a dropped connection. */
  private async lost(generation: number, stream: NodeJS.ReadableStream, why: unknown): Promise<void> {
    if (!this.current(generation) || this.stream !== stream) return;
    destroy(stream);
    this.stream = undefined;
    try {
      await this.connect().ping();
    } catch (error) {
      this.unreachable(generation, error);
      return;
    }
    if (!this.current(generation)) return;
    // The daemon answers: only the stream went (a proxy timeout, a restart already over).
    this.log.debug(`Docker event stream lost (${message(why)}) while the daemon answers; reopening in ${this.reopenMs} ms`);
    this.later(generation, this.reopenMs);
    this.reopenMs = Math.min(MAX_RETRY_MS, this.reopenMs * 2);
  }

  private unreachable(generation: number, error: unknown): void {
    if (!this.current(generation)) return;
    this.setReachable(false, error);
    this.log.debug(`Docker daemon not reachable (${message(error)}); trying again in ${this.retryMs / 1000} s`);
    this.later(generation, this.retryMs);
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
  }

  private later(generation: number, ms: number): void {
    if (this.retry !== undefined) this.timers.clearTimeout(this.retry);
    this.retry = this.timers.setTimeout(() => {
      this.retry = undefined;
      void this.listen(generation);
    }, ms);
  }

  private setReachable(reachable: boolean, error: unknown): void {
    const before = this.reachable;
    this.reachable = reachable;
    if (before === reachable) return;
    if (reachable) {
      this.reopenMs = REOPEN_MS;
      if (before === false) this.log.info('Docker daemon reachable again; refreshing the views');
    } else {
      this.log.warn(`Docker daemon not reachable: ${message(error)}`);
    }
    this.callbacks.onLiveness(reachable ? { reachable: true } : { reachable: false, error });
    // Back after an outage: what changed meanwhile is unknown, so everything is read again.
    if (reachable && before === false) this.schedule();
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
    if (this.debounce !== undefined) this.timers.clearTimeout(this.debounce);
    this.debounce = this.timers.setTimeout(() => {
      this.debounce = undefined;
      if (!this.disposed) this.callbacks.onImagesChanged();
    }, DEBOUNCE_MS);
  }

  private stop(): void {
    if (this.retry !== undefined) this.timers.clearTimeout(this.retry);
    this.retry = undefined;
    if (this.stream) destroy(this.stream);
    this.stream = undefined;
  }

  dispose(): void {
    this.disposed = true;
    if (this.debounce !== undefined) this.timers.clearTimeout(this.debounce);
    this.stop();
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function destroy(stream: NodeJS.ReadableStream): void {
  (stream as NodeJS.ReadableStream & { destroy?: () => void }).destroy?.();
}
