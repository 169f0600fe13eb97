// The last N builds per Dockerfile and the inputs last used for it, in workspace state.
import * as vscode from 'vscode';
import type { BuildRecord } from '../../engine/build/record';
import { isBuildRecord } from '../webviews/timings/protocol';

const HISTORY_KEY = 'dockscope.build.history';
const INPUTS_KEY = 'dockscope.build.inputs';

/** What the build command asks for, remembered per Dockerfile. */
export interface BuildInputs {
  tag: string;
  /** Empty: the last stage. */
  target: string;
  /** `KEY=VALUE` pairs. */
  buildArgs: string[];
  /** Absolute context folder. */
  context: string;
}

export class BuildHistory {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with the Dockerfile path whose history changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  list(dockerfile: string): BuildRecord[] {
    const all = this.state.get<Record<string, unknown>>(HISTORY_KEY, {});
    const entries = all[dockerfile];
    // Workspace state outlives versions of Dockscope: keep only records this version can read.
    return Array.isArray(entries) ? entries.filter(isBuildRecord) : [];
  }

  /** Every Dockerfile with a recorded build. */
  dockerfiles(): string[] {
    return Object.keys(this.state.get<Record<string, unknown>>(HISTORY_KEY, {}));
  }

  latest(dockerfile: string): BuildRecord | undefined {
    return this.list(dockerfile)[0];
  }

  /** The newest build of any Dockerfile, for a panel opened without an active Dockerfile. */
  newest(): BuildRecord | undefined {
    return this.dockerfiles().map((dockerfile) => this.latest(dockerfile))
      .filter((record): record is BuildRecord => record !== undefined)
      .sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
  }

  async add(record: BuildRecord, limit: number): Promise<void> {
    const all = { ...this.state.get<Record<string, unknown>>(HISTORY_KEY, {}) };
    // Only the newest successful build keeps its inputs (the context manifest): the next build
    // is explained against it (engine/build/why), and 100 manifests would bloat workspace state.
    const earlier = this.list(record.dockerfile);
    const kept = record.outcome === 'succeeded' ? undefined : earlier.find((old) => old.outcome === 'succeeded' && old.inputs)?.id;
    const older = earlier.map((old) => (old.id === kept ? old : { ...old, inputs: undefined }));
    all[record.dockerfile] = [record, ...older].slice(0, Math.max(1, Math.min(100, Math.floor(limit))));
    await this.state.update(HISTORY_KEY, all);
    this.changed.fire(record.dockerfile);
  }

  inputs(dockerfile: string): BuildInputs | undefined {
    const value = this.state.get<Record<string, unknown>>(INPUTS_KEY, {})[dockerfile] as Partial<BuildInputs> | undefined;
    if (!value || typeof value.tag !== 'string' || typeof value.target !== 'string' || typeof value.context !== 'string'
      || !Array.isArray(value.buildArgs) || !value.buildArgs.every((arg) => typeof arg === 'string')) return undefined;
    return value as BuildInputs;
  }

  async rememberInputs(dockerfile: string, inputs: BuildInputs): Promise<void> {
    await this.state.update(INPUTS_KEY, { ...this.state.get<Record<string, unknown>>(INPUTS_KEY, {}), [dockerfile]: inputs });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
