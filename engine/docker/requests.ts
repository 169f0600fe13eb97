// Every request to the Docker daemon goes through one guard, installed on the client when it is
// created (connection.ts): a deadline for the answer and a watchdog on streams that must keep
// flowing, so a socket that accepts and never answers, or an export that stalls half way, ends
// in a DockerError that names the request instead of a hang. Two different clocks, because a
// slow legitimate request looks different from a dead one:
//  - the answer: from the moment the request body is sent (or stops moving) to the response
//    headers (for JSON answers, to the whole body). A daemon that is alive answers an inspect in
//    milliseconds; only the image export starts late (the daemon writes it to disk first), and
//    asks for a longer deadline.
//  - idleness, for streams that carry data the whole time (the image export): no byte for the
//    timeout while we are reading. A build's output is not watched: a RUN step may print nothing
//    for an hour.
import { PassThrough, pipeline, type Readable } from 'node:stream';
import type Docker from 'dockerode';
import { DockerError } from './errors';

/** Seconds, when neither the setting nor the flag says otherwise. */
export const DEFAULT_TIMEOUT_SECONDS = 60;

/** Extra options our own requests pass to `modem.dial` (dockerode passes none of them). */
export interface GuardedDialOptions {
  /** Added to the client's timeout for the answer: the export, whose first byte comes after the daemon wrote it to disk. */
  extraAnswerMs?: number;
  /** Watch the response stream: fail it when no byte arrives for the client's timeout while it is read. */
  watchIdle?: boolean;
}

interface DialOptions extends GuardedDialOptions {
  path?: string;
  method?: string;
  file?: unknown;
  isStream?: boolean;
  hijack?: boolean;
  abortSignal?: AbortSignal;
}

type DialCallback = (error: unknown, result: unknown) => void;
interface Modem { dial(options: DialOptions, callback: DialCallback): void }

/** "GET /images/app:1/json": what was asked, for messages. */
function describeRequest(options: { method?: string; path?: string }): string {
  return `${options.method ?? 'GET'} ${(options.path ?? '').replace(/\?$/, '')}`;
}

/** `--timeout` / the setting as typed: a positive number of seconds. */
export function parseTimeoutSeconds(text: string): number {
  const value = Number(text);
  if (!text.trim() || !Number.isFinite(value) || value <= 0) throw new Error(`"${text}" is not a positive number of seconds`);
  return value;
}

/** Endpoints of the Engine API whose answer is not JSON (the guard checks the others). */
const NOT_JSON = /^\/(_ping$|containers\/[^/]+\/(logs|archive|export)$|images\/[^/]+\/get$)/;

const seconds = (ms: number) => `${Math.round(ms / 100) / 10}`;

/** Installs the guard on the client's modem; `timeoutMs` bounds every answer and every idle gap. */
export function guardRequests(docker: Docker, timeoutMs: number): void {
  const modem = docker.modem as unknown as Modem;
  const dial = modem.dial.bind(modem);
  modem.dial = (options, callback) => {
    const request = describeRequest(options);
    const deadline = new AbortController();
    const callerSignal = options.abortSignal;
    let expired: DockerError | undefined;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = (ms: number, make: () => DockerError) => {
      clearTimeout(timer);
      timer = setTimeout(() => { expired = make(); deadline.abort(expired); }, ms);
    };
    const answerMs = timeoutMs + Math.max(0, options.extraAnswerMs ?? 0);
    const noAnswer = () => new DockerError('timeout', `No answer to ${request} within ${seconds(answerMs)} s.`, { request, seconds: answerMs / 1000 });
    const body = options.file as Readable | undefined;
    if (body && typeof body.on === 'function') {
      // While the body is being sent, the clock is the upload's progress; the answer's starts when it is sent.
      const stuck = () => new DockerError('timeout', `The daemon stopped reading the body of ${request} for ${seconds(timeoutMs)} s.`, { request, seconds: timeoutMs / 1000 });
      arm(timeoutMs, stuck);
      body.on('data', () => { if (!settled) arm(timeoutMs, stuck); });
      body.once('end', () => { if (!settled) arm(answerMs, noAnswer); });
    } else {
      arm(answerMs, noAnswer);
    }
    const signal = callerSignal ? AbortSignal.any([callerSignal, deadline.signal]) : deadline.signal;
    dial({ ...options, abortSignal: signal }, (error, result) => {
      settled = true;
      clearTimeout(timer);
      if (error) {
        // Our deadline, not the caller's cancellation, aborted it.
        callback(expired && !callerSignal?.aborted ? expired : error, null);
        return;
      }
      if (options.isStream && options.watchIdle && result && typeof (result as Readable).pipe === 'function') {
        callback(null, watchIdle(result as Readable, timeoutMs, request));
        return;
      }
      if (!options.isStream && !options.hijack && Buffer.isBuffer(result) && result.length > 0 && !NOT_JSON.test((options.path ?? '').replace(/\?.*$/, ''))) {
        const preview = result.subarray(0, 80).toString('latin1');
        callback(new DockerError('bad-answer', `It answered ${request} with a body that is not JSON (${result.length} bytes: ${JSON.stringify(preview)}${result.length > 80 ? '…' : ''}).`, { request }), null);
        return;
      }
      callback(null, result);
    });
  };
}

/**
 * The stream as its reader gets it, failed with DockerError('stalled') when no byte arrives for
 * `timeoutMs` while it flows. Time spent held back by the reader (a slow layer decompression
 * pauses the source through the pipe) is not the daemon's. The reader's destroy reaches the source.
 */
export function watchIdle(source: Readable, timeoutMs: number, request: string): Readable {
  const watched = new PassThrough();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (source.destroyed || source.readableEnded) return;
      if (source.isPaused()) return arm();
      source.destroy(new DockerError('stalled', `Nothing arrived on ${request} for ${seconds(timeoutMs)} s.`, { request, seconds: timeoutMs / 1000 }));
    }, timeoutMs);
  };
  source.on('data', arm);
  // The clock stops while the reader holds the stream and restarts in full when it lets go.
  source.on('pause', () => clearTimeout(timer));
  source.on('resume', arm);
  pipeline(source, watched, () => clearTimeout(timer));
  arm();
  return watched;
}

/** `/images/<ref>/<what>`: what Docker allows in a reference passes as it is, anything else is escaped. */
export function imagePath(ref: string, what: string): string {
  return `/images/${ref.replace(/[^\w.:/@-]/g, encodeURIComponent)}/${what}`;
}

/** A request with a JSON answer (validated by the guard), cancellable. */
export function requestJson<T>(docker: Docker, method: string, path: string, signal?: AbortSignal, statusCodes: Record<number, true | string> = { 200: true, 404: 'no such image', 500: 'server error' }): Promise<T> {
  return new Promise((resolve, reject) => {
    (docker.modem as unknown as Modem).dial({ path, method, abortSignal: signal, statusCodes } as DialOptions, (error, result) => (error ? reject(error) : resolve(result as T)));
  });
}

/** A streamed answer (the image export, a build's output), cancellable, with the guard's options. */
export function requestStream(docker: Docker, options: { method: string; path: string; signal?: AbortSignal; statusCodes?: Record<number, true | string>; body?: Readable; query?: Record<string, unknown>; headers?: Record<string, string> } & GuardedDialOptions): Promise<Readable> {
  const { method, path, signal, statusCodes = { 200: true, 404: 'no such image', 500: 'server error' }, body, query, headers, ...guard } = options;
  return new Promise((resolve, reject) => {
    (docker.modem as unknown as Modem).dial({
      path, method, isStream: true, abortSignal: signal, statusCodes, file: body, options: query, headers, ...guard,
    } as DialOptions, (error, result) => (error ? reject(error) : resolve(result as Readable)));
  });
}
