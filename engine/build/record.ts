// The build record: one build's steps and totals. The timings panel, the inline figures, the
// build history and `dockscope build` all read this one type.
import { formatBytes, formatCount, formatDuration } from '../../common/format';
import type { RebuildReason, RecordedInputs } from './why/types';

export type StepKind = 'context' | 'base' | 'run' | 'copy' | 'export' | 'other';
export type BuildOutcome = 'succeeded' | 'failed' | 'cancelled';

export interface BuildStep {
  /** The vertex name as BuildKit prints it, e.g. `[builder 3/6] RUN go mod download`. */
  name: string;
  /** Stage label (`builder`, `stage-1`), null for internal steps and single unnamed stages. */
  stage: string | null;
  /** Dockerfile keyword (`RUN`), null for internal steps. */
  instruction: string | null;
  /** 1-based Dockerfile line of the instruction (first line of a multi-line one), or null. */
  line: number | null;
  endLine: number | null;
  kind: StepKind;
  /** BuildKit's own steps: context transfer, metadata loads, export. */
  internal: boolean;
  /** Start relative to the build's first step, ms; null when it never started (cached). */
  startedMs: number | null;
  /** Union of the step's run intervals, ms. */
  durationMs: number;
  cached: boolean;
  completed: boolean;
  error: string | null;
  /** Last output lines; kept for failed steps only, to keep the history small. */
  logTail: string[];
  /** Why it ran instead of coming from the cache, when an earlier build could be compared (why/explain.ts). */
  reason?: RebuildReason;
  /** The same in words (why/reasonText.ts), for views that read only the record (the timings webview). */
  why?: string;
}

export interface BuildRecord {
  version: 1;
  /** Unique id of this build (history key, webview messages). */
  id: string;
  /** Absolute path of the Dockerfile, and of the context folder. */
  dockerfile: string;
  context: string;
  tag: string | null;
  target: string | null;
  /** ISO time the build was requested. */
  startedAt: string;
  builder: 'buildkit' | 'classic';
  outcome: BuildOutcome;
  /** The daemon's or the transport's error message for a failed build. */
  error: string | null;
  image: string | null;
  /** From the request to the end of the daemon's stream, measured by Dockscope. */
  wallMs: number;
  /** Sum of all step durations (parallel stages make it exceed wall time). */
  accumulatedMs: number;
  /** Cached steps among the Dockerfile steps (internal steps are not counted). */
  cacheHits: number;
  totalSteps: number;
  /** Bytes of the context sent: the tar, or the file-sync packets (on a rebuild only what changed). */
  contextBytes: number;
  /** Files whose contents were sent. */
  contextFiles: number;
  /** Time to send the context: walking, filtering, reading and sending it while the daemon read it. */
  contextPackMs: number;
  /** How the context went: a BuildKit file-sync session, or a tar. Absent in records made before sessions. */
  contextTransport?: 'session' | 'tar';
  steps: BuildStep[];
  /** What the build was given, for explaining the next build (kept on the latest record only). */
  inputs?: RecordedInputs;
}

/** What travelled and how, for the CLI line, the log and the panel: `1.2 MB in 23 files, sent in 40 ms (file sync)`. */
export function contextSummary(record: Pick<BuildRecord, 'contextBytes' | 'contextFiles' | 'contextPackMs' | 'contextTransport'>): string {
  return `${formatBytes(record.contextBytes)} in ${formatCount(record.contextFiles, 'file')}, ${contextHow(record)}`;
}

/** `sent in 40 ms (file sync)`; records made before sessions sent a tar. */
export function contextHow(record: Pick<BuildRecord, 'contextPackMs' | 'contextTransport'>): string {
  return `sent in ${formatDuration(record.contextPackMs)} (${record.contextTransport === 'session' ? 'file sync' : 'tar'})`;
}

/**
 * How a step's stage is called to people, as everywhere else (dockerfile/stages.ts stageName):
 * its name, else `stage N` counted the way BuildKit counts (`stage-1` → `stage 1`; a lone unnamed
 * stage, which BuildKit leaves unlabelled, is `stage 0`); BuildKit's own steps are `BuildKit`.
 */
export function stepStageName(step: Pick<BuildStep, 'stage' | 'internal'>): string {
  if (step.internal) return 'BuildKit';
  return step.stage === null ? 'stage 0' : step.stage.replace(/^stage-(\d+)$/, 'stage $1');
}

/** The steps grouped by stage, BuildKit's own first, then the stages in Dockerfile order (by their first line). */
export function stepsByStage(steps: readonly BuildStep[]): Array<[string, BuildStep[]]> {
  const groups = new Map<string, BuildStep[]>();
  for (const step of steps) groups.set(stepStageName(step), [...(groups.get(stepStageName(step)) ?? []), step]);
  const firstLine = (group: BuildStep[]) => Math.min(...group.map((step) => step.line ?? (step.internal ? -1 : Infinity)));
  return [...groups.entries()].sort(([, a], [, b]) => firstLine(a) - firstLine(b));
}

/** The build to compare a build with: the one before it that succeeded (a failed build's steps stop early). */
export function comparableBuild(records: readonly BuildRecord[], current: BuildRecord): BuildRecord | undefined {
  return records.slice(records.indexOf(current) + 1).find((record) => record.outcome === 'succeeded');
}

export function failedStep(record: BuildRecord): BuildStep | undefined {
  return record.steps.find((step) => step.error !== null);
}

export function longestSteps(record: BuildRecord, count = 5): BuildStep[] {
  return [...record.steps].filter((step) => step.durationMs > 0)
    .sort((a, b) => b.durationMs - a.durationMs).slice(0, count);
}

/** The step that moved the context to the daemon (`[internal] load remote build context`). */
export function contextTransferStep(record: BuildRecord): BuildStep | undefined {
  return record.steps.find((step) => step.kind === 'context' && /build context/.test(step.name));
}

export function cacheRatio(record: Pick<BuildRecord, 'cacheHits' | 'totalSteps'>): number {
  return record.totalSteps === 0 ? 0 : record.cacheHits / record.totalSteps;
}

/** The `dockscope build --json` shape (version 1), with whole milliseconds. */
export function toCliJson(record: BuildRecord): unknown {
  return {
    version: 1,
    image: record.image,
    wallMs: Math.round(record.wallMs),
    accumulatedMs: Math.round(record.accumulatedMs),
    cacheHits: record.cacheHits,
    totalSteps: record.totalSteps,
    contextBytes: record.contextBytes,
    steps: record.steps.map((step) => ({
      name: step.name,
      stage: step.stage,
      instruction: step.instruction,
      line: step.line,
      startedMs: step.startedMs === null ? null : Math.round(step.startedMs),
      durationMs: Math.round(step.durationMs),
      cached: step.cached,
      internal: step.internal,
      error: step.error,
      reason: step.reason ?? null,
    })),
  };
}

export interface StepDelta {
  name: string;
  line: number | null;
  durationMs: number;
  previousMs: number | null;
  deltaMs: number | null;
  /** Cached in the previous build and not in this one. */
  lostCache: boolean;
}

/** Per-step comparison with an earlier build of the same Dockerfile, matched by step name. */
export function compareBuilds(current: BuildRecord, previous: BuildRecord): StepDelta[] {
  const before = new Map(previous.steps.map((step) => [stepKey(step), step]));
  return current.steps.map((step) => {
    const old = before.get(stepKey(step));
    return {
      name: step.name,
      line: step.line,
      durationMs: step.durationMs,
      previousMs: old ? old.durationMs : null,
      deltaMs: old ? step.durationMs - old.durationMs : null,
      lostCache: Boolean(old?.cached && !step.cached),
    };
  });
}

/** Step numbers shift when instructions are added, so match on stage + instruction text. */
function stepKey(step: BuildStep): string {
  return `${step.stage ?? ''}|${step.name.replace(/^\[[^\]]*\]\s*/, '')}`;
}
