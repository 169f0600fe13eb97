// Runs one build through the daemon's Engine API and returns its BuildRecord: opens a BuildKit
// session that serves the context (as the Docker CLI does; a tar when the daemon has no
// sessions), POSTs /build with BuildKit (version 2), folds the trace into steps, and falls back
// to the classic builder (with a tar) only when the daemon refuses BuildKit.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { sessionSource, tarSource, type ContextSource, type ContextStats, type ContextTransport } from './context/sources';
import { outlineDockerfile, type DockerfileOutline } from '../dockerfile/outline';
import { BuildTraceModel } from './steps/stepModel';
import { ClassicBuildModel } from './steps/classicModel';
import { LineSplitter, parseBuildLine } from './steps/streamParser';
import type { BuildRecord, BuildStep } from './record';
import { recordInputs } from './why/recordInputs';
import type { RecordedInputs } from './why/types';
import { DockerError, speaksTls } from '../docker/errors';

export interface BuildRequest {
  /** Absolute or cwd-relative paths. */
  dockerfile: string;
  context: string;
  tag?: string;
  target?: string;
  buildArgs?: Record<string, string>;
  /** `default`, `host`, `none`, or a network name. */
  network?: string;
  noCache?: boolean;
  /** What the build this one will be compared with was given (engine/build/why): makes recording cheaper. */
  earlier?: RecordedInputs;
}

export interface BuildProgress {
  currentStep: string | undefined;
  steps: BuildStep[];
}

export interface BuildHooks {
  /** Aborting it aborts the HTTP request (the daemon then cancels the build) and closes the session. */
  signal?: AbortSignal;
  onProgress?: (progress: BuildProgress) => void;
  /** Every step text line (classic builder), trace decoding problem and transport fallback, for logs. */
  onText?: (text: string) => void;
}

type Builder = 'buildkit' | 'classic';

const PROGRESS_INTERVAL_MS = 100;

interface Attempt {
  image: string | null;
  error: string | null;
  steps: BuildStep[];
  transport: ContextTransport;
  context: ContextStats;
  /** The daemon rejected the request itself (before any step), e.g. no BuildKit. */
  rejected: boolean;
}

export async function runBuild(docker: Docker, request: BuildRequest, hooks: BuildHooks = {}): Promise<BuildRecord> {
  const dockerfile = path.resolve(request.dockerfile);
  const context = path.resolve(request.context);
  const dockerfileText = await fs.readFile(dockerfile, 'utf8');
  const outline = outlineDockerfile(dockerfileText);
  const startedAt = new Date().toISOString();
  const started = performance.now();
  // Recorded beside the build (the base images are looked up before it can replace them).
  const inputs = recordInputs(docker, { dockerfileText, outline, context, buildArgs: request.buildArgs, noCache: request.noCache, earlier: request.earlier })
    .catch(() => undefined);
  let builder: Builder = 'buildkit';
  let attempt = await attemptBuild(docker, request, dockerfile, context, outline, builder, hooks);
  if (attempt.rejected && attempt.error && /buildkit|builder version|version 2/i.test(attempt.error) && !hooks.signal?.aborted) {
    builder = 'classic';
    hooks.onText?.(`The daemon refused BuildKit (${attempt.error}); building with the classic builder.`);
    attempt = await attemptBuild(docker, request, dockerfile, context, outline, builder, hooks);
  }
  const wallMs = performance.now() - started;
  const recorded = await inputs;
  const dockerfileSteps = attempt.steps.filter((step) => !step.internal);
  const cancelled = hooks.signal?.aborted === true;
  return {
    version: 1,
    id: randomUUID(),
    dockerfile,
    context,
    tag: request.tag || null,
    target: request.target || null,
    startedAt,
    builder,
    outcome: cancelled ? 'cancelled' : attempt.error || !attempt.image ? 'failed' : 'succeeded',
    error: cancelled ? 'The build was cancelled.' : attempt.error ?? (attempt.image ? null : 'The daemon reported no image.'),
    image: attempt.image,
    wallMs,
    accumulatedMs: attempt.steps.reduce((sum, step) => sum + step.durationMs, 0),
    cacheHits: dockerfileSteps.filter((step) => step.cached).length,
    totalSteps: dockerfileSteps.length,
    contextBytes: attempt.context.bytes,
    contextFiles: attempt.context.files,
    contextPackMs: attempt.context.ms,
    contextTransport: attempt.transport,
    steps: attempt.steps,
    ...(recorded ? { inputs: recorded } : {}),
  };
}

function buildQuery(request: BuildRequest, source: ContextSource, builder: Builder): Record<string, unknown> {
  const query: Record<string, unknown> = {
    ...source.query,
    version: builder === 'buildkit' ? '2' : '1',
    rm: true,
    forcerm: true,
  };
  if (request.tag) query.t = request.tag;
  if (request.target) query.target = request.target;
  if (request.buildArgs && Object.keys(request.buildArgs).length) query.buildargs = request.buildArgs;
  if (request.network && request.network !== 'default') query.networkmode = request.network;
  if (request.noCache) query.nocache = true;
  return query;
}

/**
 * The same POST /build that dockerode's `buildImage` sends. buildImage with version "2" opens its
 * own gRPC session that only serves registry credentials and loads a .proto file from dockerode's
 * folder, which is missing once the extension is bundled; so Dockscope dials the request itself.
 */
function postBuild(docker: Docker, body: Readable, query: Record<string, unknown>, signal?: AbortSignal): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    docker.modem.dial({
      path: '/build?', method: 'POST', file: body, options: query, isStream: true, abortSignal: signal,
      headers: { 'Content-Type': 'application/x-tar' },
      statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
    } as never, (error: unknown, stream: unknown) => (error ? reject(error) : resolve(stream as NodeJS.ReadableStream)));
  });
}

/** A session for BuildKit; the tar when the daemon cannot open one (said through onText) or for the classic builder. */
async function contextSource(docker: Docker, context: string, dockerfile: string, builder: Builder, hooks: BuildHooks): Promise<ContextSource> {
  if (builder === 'buildkit') {
    try {
      return await sessionSource(docker, context, dockerfile, hooks.signal);
    } catch (failure) {
      // Only a daemon that answered without a session (no support, no upgrade, too slow to
      // upgrade) gets the tar; no answer at all, a timeout, a TLS port or a cancellation are
      // the build's failure, said once (callers classify them).
      const answered = typeof (failure as { statusCode?: unknown } | null)?.statusCode === 'number' || (failure instanceof Error && !(failure instanceof DockerError) && /^the daemon (answered|did not open)/.test(failure.message));
      if (hooks.signal?.aborted || !answered || speaksTls(failure)) throw failure;
      hooks.onText?.(`The daemon did not open a BuildKit session (${errorText(failure)}); sending the context as a tar instead.`);
    }
  }
  return tarSource(context, dockerfile);
}

async function attemptBuild(docker: Docker, request: BuildRequest, dockerfile: string, context: string, outline: DockerfileOutline, builder: Builder, hooks: BuildHooks): Promise<Attempt> {
  const source = await contextSource(docker, context, dockerfile, builder, hooks);
  const buildkit = new BuildTraceModel(outline);
  const classic = new ClassicBuildModel(outline);
  const snapshot = (finished: boolean) => (builder === 'buildkit' ? buildkit.snapshot() : classic.snapshot(finished));
  let image: string | null = null;
  let error: string | null = null;
  let lastProgress = -Infinity;
  let pendingProgress: NodeJS.Timeout | undefined;

  // Throttled to one report per 100 ms, but never drops the latest state: a step that starts
  // right after a report and then runs silently for minutes must still be reported.
  const report = (force = false) => {
    if (!hooks.onProgress) return;
    const wait = lastProgress + PROGRESS_INTERVAL_MS - performance.now();
    if (!force && wait > 0) {
      pendingProgress ??= setTimeout(() => { pendingProgress = undefined; report(true); }, wait);
      return;
    }
    clearTimeout(pendingProgress);
    pendingProgress = undefined;
    lastProgress = performance.now();
    hooks.onProgress({ currentStep: builder === 'buildkit' ? buildkit.currentStep() : classic.currentStep(), steps: snapshot(false) });
  };

  const splitter = new LineSplitter((line) => {
    for (const event of parseBuildLine(line)) {
      if (event.type === 'trace') buildkit.apply(event.status);
      else if (event.type === 'image') image = event.id;
      else if (event.type === 'error') { error = event.message; classic.fail(event.message); }
      else if (builder === 'classic') { classic.text(event.text); hooks.onText?.(event.text); }
      else if (event.text.startsWith('(undecodable')) hooks.onText?.(event.text);
    }
    report();
  });

  let response: NodeJS.ReadableStream;
  try {
    response = await postBuild(docker, source.body, buildQuery(request, source, builder), hooks.signal);
  } catch (failure) {
    source.body.destroy();
    const { stats } = await source.finish(true);
    // No HTTP status: the daemon was never reached (or the request was cancelled). That is not a
    // failed build; callers classify it (unreachable, permission denied, …).
    const status = (failure as { statusCode?: unknown } | null)?.statusCode;
    if (typeof status !== 'number' && !hooks.signal?.aborted) throw failure;
    return { image: null, error: errorText(failure), steps: [], transport: source.transport, context: stats, rejected: true };
  }
  // A response that closes without its end: the daemon went away (or the build was cancelled).
  let interrupted: unknown;
  await new Promise<void>((resolve) => {
    let ended = false;
    response.on('data', (chunk: Buffer) => splitter.push(chunk));
    response.on('end', () => { ended = true; resolve(); });
    response.on('error', (failure) => { interrupted ??= failure; });
    response.on('close', () => {
      if (!ended) interrupted ??= new Error('the connection closed before the end of the answer');
      resolve();
    });
  });
  splitter.end();
  const sent = await source.finish(hooks.signal?.aborted === true);
  if (interrupted && !hooks.signal?.aborted) {
    throw new DockerError('stream-interrupted', errorText(interrupted), { cause: interrupted, request: 'POST /build' });
  }
  if (!hooks.signal?.aborted) error ??= sent.error;
  const steps = snapshot(true);
  report(true);
  return { image, error, steps, transport: source.transport, context: sent.stats, rejected: false };
}

function errorText(error: unknown): string {
  if (error && typeof error === 'object') {
    const json = (error as { json?: { message?: unknown } }).json;
    if (json && typeof json.message === 'string') return json.message;
    if (typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  }
  return String(error);
}
