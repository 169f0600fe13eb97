// Lints many Dockerfiles for `dockscope lint`: in this thread for a few files (or on two cores),
// or for many spread over this thread and worker threads, largest first so one big file does not
// finish last.
// Workers run dist/lint-worker.js (a separate, engine-only bundle); without it (e.g. when the CLI
// runs from sources through tsx) everything runs in this thread.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DEFAULT_LINT_SETTINGS } from '../common/settings';
import { findProjectConfig, loadConfig, type FailLevel, type ProjectConfig } from '../lint/config/projectConfig';
import { runContext, type BuildContext } from '../lint/context/buildContext';
import type { RuleFinding } from '../lint/engine';
import { RULES, RULES_BY_ID } from '../lint/rules/catalog';
import { lintDocument, type LintResult } from '../lint/service';
import { shellcheckJob, type ShellcheckJob } from '../lint/shellcheck/scripts';

export interface LintJob {
  /** `--context`: one build context for every file (else each file's folder). */
  context?: string;
  /** `--config`: one project config for every file (else found beside each file). */
  config?: string;
  /** ShellCheck will run: collect each file's RUN scripts for it. */
  shellcheck?: boolean;
}

export interface FileOutcome {
  path: string;
  /** Null when the file could not be read. */
  findings: RuleFinding[] | null;
  /** Config problems, unreadable files and rule failures, for stderr. */
  messages: string[];
  /** Problems of a project config found beside the file (reported once by the caller). */
  configProblems: string[];
  /** The project config's fail level for this file (`failLevel`, hadolint's `failure-threshold`). */
  failLevel?: FailLevel;
  /** The RUN scripts for ShellCheck, when it runs (checked in one batch after the lint). */
  shellcheck?: ShellcheckJob;
}

/** Below this many files, starting workers costs more than it saves. */
const PARALLEL_FROM = 16;
const WORKER_FILE = 'lint-worker.js';

/**
 * Lints one file at a time with the job's options: each folder's project config and build
 * context files are looked up once per run, not once per Dockerfile (files do not change
 * during a run). Returns the lint result, or why the file could not be read.
 */
export function createResultLinter(job: LintJob): (path: string, messages: string[]) => LintResult | null {
  const config: ProjectConfig | undefined = job.config ? loadConfig(resolve(job.config), RULES) : undefined;
  const settings = { ...DEFAULT_LINT_SETTINGS, buildContext: job.context ? resolve(job.context) : '' };
  const context = job.context ? runContext(job.context) : undefined;
  const found = new Map<string, ProjectConfig>();
  const configBeside = (path: string) => {
    const folder = dirname(resolve(path));
    let beside = found.get(folder);
    if (!beside) found.set(folder, (beside = findProjectConfig(folder, RULES)));
    return beside;
  };
  const contexts = new Map<string, BuildContext>();
  const contextBeside = (path: string) => {
    const folder = dirname(resolve(path));
    let beside = contexts.get(folder);
    if (!beside) contexts.set(folder, (beside = runContext(folder)));
    return beside;
  };
  return (path, messages) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      messages.push(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
    return lintDocument({
      uri: pathToFileURL(resolve(path)).toString(), text, settings, config: config ?? configBeside(path), context: context ?? contextBeside(path), reuse: false,
      onRuleError: (id, error) => messages.push(`rule ${id} failed on ${path}: ${String(error)}`),
    });
  };
}

export function createLinter(job: LintJob): (path: string) => FileOutcome {
  const lint = createResultLinter(job);
  return (path) => {
    const messages: string[] = [];
    const result = lint(path, messages);
    const outcome: FileOutcome = { path, findings: result?.findings ?? null, messages, configProblems: job.config || !result ? [] : result.config.problems, failLevel: result?.config.failLevel };
    if (job.shellcheck && result) outcome.shellcheck = shellcheckJob(result);
    return outcome;
  };
}

export async function lintFiles(paths: string[], job: LintJob): Promise<FileOutcome[]> {
  const workerFile = join(__dirname, WORKER_FILE);
  // This thread lints too (its engine is loaded and warming up anyway). A cold lint thread keeps
  // about 1.5 cores busy (V8 compiles and collects garbage on background threads), so threads are
  // two thirds of the cores: on two cores one thread (measured: 1.45 s vs 1.69 s with a worker
  // on the bench corpus). DOCKSCOPE_LINT_THREADS overrides the count.
  const threads = Number(process.env.DOCKSCOPE_LINT_THREADS) || Math.floor((availableParallelism() * 2) / 3);
  const workers = Math.min(threads - 1, Math.ceil(paths.length / PARALLEL_FROM) - 1);
  const lintOne = createLinter(job);
  if (workers < 1 || !__filename.endsWith('.js') || !existsSync(workerFile)) return paths.map(lintOne);
  return lintInWorkers(paths, job, workerFile, workers, lintOne);
}

/** Findings cross the thread boundary as data; the rule is re-attached by id. */
export type WireOutcome = Omit<FileOutcome, 'findings'> & { findings: Array<Omit<RuleFinding, 'rule'> & { ruleId: string }> | null };

export function toWire(outcome: FileOutcome): WireOutcome {
  return { ...outcome, findings: outcome.findings?.map(({ rule, ...finding }) => ({ ...finding, ruleId: rule.meta.id })) ?? null };
}

function fromWire(wire: WireOutcome): FileOutcome {
  const findings = wire.findings?.map(({ ruleId, ...finding }) => {
    const rule = RULES_BY_ID.get(ruleId);
    if (!rule) throw new Error(`lint worker reported an unknown rule ${ruleId}`);
    return { ...finding, rule };
  }) ?? null;
  return { ...wire, findings };
}

function lintInWorkers(paths: string[], job: LintJob, workerFile: string, count: number, lintHere: (path: string) => FileOutcome): Promise<FileOutcome[]> {
  const size = (path: string) => statSync(path, { throwIfNoEntry: false })?.size ?? 0;
  const queue = paths.map((path, index) => ({ path, index, size: size(path) })).sort((a, b) => b.size - a.size);
  const outcomes: FileOutcome[] = new Array(paths.length);
  return new Promise((resolveAll, reject) => {
    let pending = paths.length;
    let failed = false;
    const pool: Worker[] = [];
    const finish = (error?: unknown) => {
      if (failed) return;
      if (error !== undefined) failed = true;
      for (const worker of pool) void worker.terminate();
      if (error !== undefined) reject(error instanceof Error ? error : new Error(String(error)));
      else resolveAll(outcomes);
    };
    const feed = (worker: Worker) => {
      const next = queue.shift();
      if (next) worker.postMessage({ index: next.index, path: next.path });
    };
    const done = () => {
      if (--pending === 0) finish();
    };
    // One file at a time in this thread, yielding in between so worker results are taken in.
    const lintNextHere = () => {
      const next = queue.shift();
      if (!next || failed) return;
      try {
        outcomes[next.index] = lintHere(next.path);
      } catch (error) {
        finish(error);
        return;
      }
      done();
      setImmediate(lintNextHere);
    };
    for (let i = 0; i < count; i++) {
      const worker = new Worker(workerFile, { workerData: job });
      pool.push(worker);
      worker.on('message', (message: { index: number; outcome: WireOutcome }) => {
        try {
          outcomes[message.index] = fromWire(message.outcome);
        } catch (error) {
          finish(error);
          return;
        }
        feed(worker);
        done();
      });
      worker.on('error', finish);
      // Two files in flight per worker, so it never waits for the next one.
      feed(worker);
      feed(worker);
    }
    setImmediate(lintNextHere);
  });
}
