// Steps of a classic-builder build (daemons without BuildKit), from its `stream` text. The
// classic builder reports no timestamps, so a step lasts from its `Step N/M` line to the next.
import type { DockerfileOutline } from '../../dockerfile/outline';
import { locateClassicStep } from './vertexLocation';
import { stepKind } from './stepModel';
import type { BuildStep } from '../record';

const LOG_TAIL_LINES = 30;

export class ClassicBuildModel {
  private readonly steps: BuildStep[] = [];
  private readonly origin = performance.now();
  private current: BuildStep | undefined;
  private currentStarted = 0;
  private logs: string[] = [];

  constructor(private readonly outline: DockerfileOutline) {}

  text(text: string): void {
    for (const line of text.split(/\r?\n/)) {
      if (!line) continue;
      const location = locateClassicStep(line, this.outline);
      if (location) {
        this.closeCurrent();
        const startedMs = performance.now() - this.origin;
        this.current = {
          name: location.name, stage: location.stage, instruction: location.instruction, line: location.line, endLine: location.endLine,
          kind: stepKind(location.name, location.instruction), internal: false, startedMs, durationMs: 0,
          cached: false, completed: false, error: null, logTail: [],
        };
        this.currentStarted = performance.now();
        this.steps.push(this.current);
        this.logs = [];
      } else if (this.current && /^ ---> Using cache/.test(line)) {
        this.current.cached = true;
      } else if (this.current && !/^ ---> |^Removing intermediate container|^Successfully (built|tagged)/.test(line)) {
        this.logs.push(line);
        if (this.logs.length > LOG_TAIL_LINES) this.logs.shift();
      }
    }
  }

  /** The daemon reported an error: it belongs to the step that was running. */
  fail(message: string): void {
    if (!this.current) return;
    this.current.error = message;
    this.current.logTail = [...this.logs];
  }

  currentStep(): string | undefined {
    return this.current?.name;
  }

  snapshot(finished = false): BuildStep[] {
    if (finished) this.closeCurrent();
    const now = performance.now();
    return this.steps.map((step) => (step === this.current && !finished ? { ...step, durationMs: now - this.currentStarted } : { ...step }));
  }

  private closeCurrent(): void {
    if (!this.current) return;
    this.current.durationMs = performance.now() - this.currentStarted;
    this.current.completed = this.current.error === null;
    this.current = undefined;
  }
}
