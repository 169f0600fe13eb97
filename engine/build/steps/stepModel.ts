// Folds the stream of BuildKit status messages into one step per vertex name. A vertex is
// reported many times (started, then completed; again when BuildKit re-runs it), so each step
// keeps every interval it was seen running and its duration is their union.
import type { StatusResponse } from './traceDecoder';
import type { DockerfileOutline } from '../../dockerfile/outline';
import { locateVertex } from './vertexLocation';
import type { BuildStep, StepKind } from '../record';

const LOG_TAIL_LINES = 30;
const LOG_LINE_CHARS = 2000;

interface StepState {
  name: string;
  digests: Set<string>;
  /** started → completed (daemon ms); completed undefined while running. */
  intervals: Map<number, number | undefined>;
  cached: boolean;
  error: string | null;
  seen: number;
}

export function stepKind(name: string, instruction: string | null): StepKind {
  switch (instruction) {
    case 'FROM': return 'base';
    case 'RUN': return 'run';
    case 'COPY': case 'ADD': return 'copy';
    case null: break;
    default: return 'other';
  }
  if (/build context|build definition|\.dockerignore|^copy \/context/.test(name)) return 'context';
  if (/load metadata for/.test(name)) return 'base';
  if (/^export|^writing image|^naming to/.test(name)) return 'export';
  return 'other';
}

/** Unions [start, end] intervals and returns their total length. */
export function unionLength(intervals: Array<[number, number]>): number {
  const sorted = intervals.filter(([start, end]) => end >= start).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let currentStart = -Infinity;
  let currentEnd = -Infinity;
  for (const [start, end] of sorted) {
    if (start > currentEnd) {
      if (currentEnd > currentStart) total += currentEnd - currentStart;
      currentStart = start;
      currentEnd = end;
    } else {
      currentEnd = Math.max(currentEnd, end);
    }
  }
  if (currentEnd > currentStart) total += currentEnd - currentStart;
  return total;
}

export class BuildTraceModel {
  private readonly steps = new Map<string, StepState>();
  private readonly nameByDigest = new Map<string, string>();
  private readonly logs = new Map<string, string[]>();
  private latestTime = 0;
  private order = 0;

  constructor(private readonly outline: DockerfileOutline) {}

  apply(response: StatusResponse): void {
    for (const vertex of response.vertexes) {
      if (!vertex.name) continue;
      this.nameByDigest.set(vertex.digest, vertex.name);
      let step = this.steps.get(vertex.name);
      if (!step) {
        step = { name: vertex.name, digests: new Set(), intervals: new Map(), cached: false, error: null, seen: this.order++ };
        this.steps.set(vertex.name, step);
      }
      step.digests.add(vertex.digest);
      step.cached ||= vertex.cached;
      if (vertex.error) step.error = vertex.error;
      if (vertex.started !== undefined) {
        const known = step.intervals.get(vertex.started);
        step.intervals.set(vertex.started, vertex.completed ?? known);
        this.latestTime = Math.max(this.latestTime, vertex.started, vertex.completed ?? 0);
      }
    }
    for (const log of response.logs) {
      const lines = this.logs.get(log.vertex) ?? [];
      for (const line of log.text.split(/\r?\n/)) {
        if (line) lines.push(line.length > LOG_LINE_CHARS ? `${line.slice(0, LOG_LINE_CHARS)}…` : line);
      }
      this.logs.set(log.vertex, lines.slice(-LOG_TAIL_LINES));
      if (log.timestamp) this.latestTime = Math.max(this.latestTime, log.timestamp);
    }
  }

  /** The name of the newest step still running, for progress messages. */
  currentStep(): string | undefined {
    let current: StepState | undefined;
    for (const step of this.steps.values()) {
      if ([...step.intervals.values()].some((end) => end === undefined) && (!current || step.seen > current.seen)) current = step;
    }
    return current?.name;
  }

  /** The steps so far; a step still running is measured up to the newest time seen. */
  snapshot(): BuildStep[] {
    const all = [...this.steps.values()];
    const starts = all.flatMap((step) => [...step.intervals.keys()]);
    const origin = starts.length ? Math.min(...starts) : 0;
    return all
      .map((state) => this.toStep(state, origin))
      .sort((a, b) => (a.startedMs ?? Infinity) - (b.startedMs ?? Infinity) || a.name.localeCompare(b.name));
  }

  private toStep(state: StepState, origin: number): BuildStep {
    const location = locateVertex(state.name, this.outline);
    const intervals = [...state.intervals.entries()].map(([start, end]): [number, number] => [start, end ?? Math.max(start, this.latestTime)]);
    const starts = [...state.intervals.keys()];
    const completed = starts.length > 0 && [...state.intervals.values()].every((end) => end !== undefined);
    const logTail = state.error ? [...state.digests].flatMap((digest) => this.logs.get(digest) ?? []).slice(-LOG_TAIL_LINES) : [];
    return {
      name: state.name,
      stage: location.stage,
      instruction: location.instruction,
      line: location.line,
      endLine: location.endLine,
      kind: stepKind(state.name, location.instruction),
      internal: location.internal,
      startedMs: starts.length ? Math.min(...starts) - origin : null,
      durationMs: unionLength(intervals),
      cached: state.cached,
      completed: completed || state.cached,
      error: state.error,
      logTail,
    };
  }
}
