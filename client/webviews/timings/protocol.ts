// Messages between the timings panel (extension host) and its webview script. Both sides
// validate what they receive with these functions: the webview trusts no host payload blindly,
// and the host trusts nothing from the webview.
import type { BuildRecord, BuildStep, StepKind } from '../../../engine/build/record';

export interface TimingsView {
  /** File name shown in the title, e.g. `Dockerfile`. */
  dockerfileName: string;
  current: BuildRecord;
  /** The previous build of the same Dockerfile, for the comparison. */
  previous: BuildRecord | null;
  /** A build of more than PAGE_STEPS steps is shown a page at a time: where `current.steps` start, of how many. */
  page?: { offset: number; total: number };
}

export type WebviewToHost =
  | { type: 'ready'; requestId: number }
  | { type: 'revealLine'; requestId: number; line: number }
  | { type: 'page'; requestId: number; offset: number };

export type HostToWebview =
  | { type: 'show'; replyTo: number | null; view: TimingsView }
  | { type: 'empty'; replyTo: number | null; message: string }
  | { type: 'revealed'; replyTo: number; ok: boolean; message: string | null };

/** What the webview keeps with setState/getState and the serializer restores. */
export interface TimingsState {
  view: TimingsView | null;
  sort: 'time' | 'duration-desc' | 'duration-asc';
}

const STEP_KINDS: readonly StepKind[] = ['context', 'base', 'run', 'copy', 'export', 'other'];
/** Steps per message: a longer build is paged (the webview renders this many rows at most). */
export const PAGE_STEPS = 2000;
const MAX_TEXT = 100_000;
/** What a step's name, error and log lines are cut to for display (a RUN of two 60k-character lines has a 120k name). */
const NAME_CHARS = 2_000;
const ERROR_CHARS = 10_000;
const LOG_LINE_CHARS = 2_000;
const LOG_LINES = 200;

type Obj = Record<string, unknown>;
const isObject = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_TEXT;
const isTextOrNull = (value: unknown): value is string | null => value === null || isText(value);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
const isLineOrNull = (value: unknown): value is number | null => value === null || (Number.isInteger(value) && (value as number) >= 1);
const isRequestId = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function isBuildStep(value: unknown): value is BuildStep {
  if (!isObject(value)) return false;
  return isText(value.name) && isTextOrNull(value.stage) && isTextOrNull(value.instruction)
    && isLineOrNull(value.line) && isLineOrNull(value.endLine)
    && STEP_KINDS.includes(value.kind as StepKind) && typeof value.internal === 'boolean'
    && (value.startedMs === null || isCount(value.startedMs)) && isCount(value.durationMs)
    && typeof value.cached === 'boolean' && typeof value.completed === 'boolean' && isTextOrNull(value.error)
    && Array.isArray(value.logTail) && value.logTail.length <= 1000 && value.logTail.every(isText)
    && (value.why === undefined || isText(value.why));
}

export function isBuildRecord(value: unknown): value is BuildRecord {
  if (!isObject(value)) return false;
  return value.version === 1 && isText(value.id) && isText(value.dockerfile) && isText(value.context)
    && isTextOrNull(value.tag) && isTextOrNull(value.target) && isText(value.startedAt)
    && (value.builder === 'buildkit' || value.builder === 'classic')
    && (value.outcome === 'succeeded' || value.outcome === 'failed' || value.outcome === 'cancelled')
    && isTextOrNull(value.error) && isTextOrNull(value.image)
    && [value.wallMs, value.accumulatedMs, value.cacheHits, value.totalSteps, value.contextBytes, value.contextFiles, value.contextPackMs].every(isCount)
    && Array.isArray(value.steps) && value.steps.length <= PAGE_STEPS && value.steps.every(isBuildStep);
}

function isTimingsView(value: unknown): value is TimingsView {
  return isObject(value) && isText(value.dockerfileName) && isBuildRecord(value.current)
    && (value.previous === null || isBuildRecord(value.previous))
    && (value.page === undefined || (isObject(value.page) && Number.isSafeInteger(value.page.offset) && Number.isSafeInteger(value.page.total)
      && (value.page.offset as number) >= 0 && (value.page.offset as number) <= (value.page.total as number)));
}

/** The text cut to `max` characters, saying how much was left out. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = text.slice(0, max - 40);
  return `${kept}… (${(text.length - kept.length).toLocaleString('en-US')} more characters)`;
}

function clipNullable(text: string | null, max: number): string | null {
  return text === null ? null : clip(text, max);
}

function displayStep(step: BuildStep): BuildStep {
  return {
    ...step, name: clip(step.name, NAME_CHARS), stage: clipNullable(step.stage, NAME_CHARS), instruction: clipNullable(step.instruction, NAME_CHARS),
    error: clipNullable(step.error, ERROR_CHARS), logTail: step.logTail.slice(-LOG_LINES).map((line) => clip(line, LOG_LINE_CHARS)),
    // The webview shows the reason in words; its structured form stays with the host.
    reason: undefined, why: step.why === undefined ? undefined : clip(step.why, ERROR_CHARS),
  };
}

function displayRecord(record: BuildRecord, steps: BuildStep[]): BuildRecord {
  return {
    ...record, dockerfile: clip(record.dockerfile, ERROR_CHARS), context: clip(record.context, ERROR_CHARS), tag: clipNullable(record.tag, NAME_CHARS),
    target: clipNullable(record.target, NAME_CHARS), error: clipNullable(record.error, ERROR_CHARS), image: clipNullable(record.image, NAME_CHARS),
    steps: steps.map(displayStep),
  };
}

const stepKey = (step: BuildStep) => `${step.stage ?? ''}|${step.name}`;

/**
 * What the host sends for a build, whatever its size: long texts cut for display, and of a build
 * of more than PAGE_STEPS steps the page at `offset` (the previous build's matching steps only,
 * for the comparison). Records stay whole in the history; this is only their view.
 */
export function displayView(dockerfileName: string, current: BuildRecord, previous: BuildRecord | null, offset = 0): TimingsView {
  const total = current.steps.length;
  const lastStart = Math.floor(Math.max(0, total - 1) / PAGE_STEPS) * PAGE_STEPS;
  const start = Math.min(Math.floor(offset / PAGE_STEPS) * PAGE_STEPS, lastStart);
  const page = current.steps.slice(start, start + PAGE_STEPS);
  const keys = new Set(page.map(stepKey));
  const matching = previous ? previous.steps.filter((step) => keys.has(stepKey(step))).slice(0, PAGE_STEPS) : [];
  return {
    dockerfileName: clip(dockerfileName, NAME_CHARS),
    current: displayRecord(current, page),
    previous: previous ? displayRecord(previous, matching) : null,
    ...(total > PAGE_STEPS ? { page: { offset: start, total } } : {}),
  };
}

export function parseHostMessage(value: unknown): HostToWebview | undefined {
  if (!isObject(value)) return undefined;
  const replyTo = value.replyTo === null || isRequestId(value.replyTo) ? value.replyTo : undefined;
  switch (value.type) {
    case 'show':
      return replyTo !== undefined && isTimingsView(value.view) ? { type: 'show', replyTo, view: value.view } : undefined;
    case 'empty':
      return replyTo !== undefined && isText(value.message) ? { type: 'empty', replyTo, message: value.message } : undefined;
    case 'revealed':
      return isRequestId(value.replyTo) && typeof value.ok === 'boolean' && isTextOrNull(value.message)
        ? { type: 'revealed', replyTo: value.replyTo, ok: value.ok, message: value.message } : undefined;
    default:
      return undefined;
  }
}

export function parseWebviewMessage(value: unknown): WebviewToHost | undefined {
  if (!isObject(value) || !isRequestId(value.requestId)) return undefined;
  if (value.type === 'ready') return { type: 'ready', requestId: value.requestId };
  if (value.type === 'revealLine' && Number.isInteger(value.line) && (value.line as number) >= 1 && (value.line as number) <= 1_000_000) {
    return { type: 'revealLine', requestId: value.requestId, line: value.line as number };
  }
  if (value.type === 'page' && Number.isSafeInteger(value.offset) && (value.offset as number) >= 0) {
    return { type: 'page', requestId: value.requestId, offset: value.offset as number };
  }
  return undefined;
}

export function parseState(value: unknown): TimingsState {
  const state: TimingsState = { view: null, sort: 'time' };
  if (!isObject(value)) return state;
  if (isTimingsView(value.view)) state.view = value.view;
  if (value.sort === 'duration-desc' || value.sort === 'duration-asc') state.sort = value.sort;
  return state;
}
