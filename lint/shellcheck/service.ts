// ShellCheck for the lint service's callers: `check` runs one process over the scripts of a whole
// batch of files (the CLI), and a session (the language server) merges the findings it already
// knows into a lint result at once and checks the scripts it does not know after a quiet moment,
// so ShellCheck never holds up the ordinary diagnostics. Answers are cached by the exact file
// ShellCheck read: a RUN that did not change is not checked again, wherever it moved to.
import type { RuleFinding } from '../engine';
import { withFindings, type LintResult } from '../service';
import { scriptFile, shellName, toFindings, type ShellcheckComment } from './findings';
import { knowsBusybox, locateShellcheck, runShellcheck, shellcheckOff, shellcheckVersion, type ShellcheckBinary } from './runner';
import { shellcheckJob, type ShellcheckJob } from './scripts';

const MAX_CACHED = 3000;

export interface Shellcheck {
  /** The binary a setting names, asked its version once; null when off, missing, or not ShellCheck. */
  binary(setting: string): Promise<{ binary: ShellcheckBinary | null; problem: string | null }>;
  /** ShellCheck's findings for each job, from one process for the scripts not checked before. */
  check(binary: ShellcheckBinary, jobs: readonly ShellcheckJob[], timeoutMs: number): Promise<RuleFinding[][]>;
  /** The findings already known for a job's scripts; `complete` when every script is known. */
  known(binary: ShellcheckBinary, job: ShellcheckJob): { findings: RuleFinding[]; complete: boolean };
}

/** How long a lookup on PATH is trusted: the editor asks on every keystroke, an install is noticed soon. */
const LOCATE_TTL_MS = 30_000;

export function createShellcheck(): Shellcheck {
  const cache = new Map<string, ShellcheckComment[]>();
  const located = new Map<string, { path: string | null; at: number }>();
  const locate = (setting: string) => {
    const key = `${setting}\0${process.env.PATH ?? ''}`;
    const hit = located.get(key);
    if (hit && Date.now() - hit.at < LOCATE_TTL_MS) return hit.path;
    const path = locateShellcheck(setting);
    located.set(key, { path, at: Date.now() });
    return path;
  };
  const binaries = new Map<string, Promise<ShellcheckBinary | null>>();
  const remember = (text: string, comments: ShellcheckComment[]) => {
    cache.set(text, comments);
    if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
  };
  const files = (binary: ShellcheckBinary, job: ShellcheckJob) => job.scripts.map((script) => scriptFile(script, shellName(script.dialect, knowsBusybox(binary.version))));
  const findingsOf = (job: ShellcheckJob, scriptFiles: ReturnType<typeof files>, commentsOf: (text: string) => ShellcheckComment[] | undefined) => {
    const findings: RuleFinding[] = [];
    let complete = true;
    job.scripts.forEach((script, k) => {
      const comments = commentsOf(scriptFiles[k].text);
      if (comments) findings.push(...toFindings(script, scriptFiles[k], comments, job.levels));
      else complete = false;
    });
    return { findings, complete };
  };
  return {
    async binary(setting) {
      const path = locate(setting);
      if (!path) return { binary: null, problem: null };
      let answer = binaries.get(path);
      if (!answer) {
        answer = shellcheckVersion(path).catch(() => null);
        binaries.set(path, answer);
      }
      const binary = await answer;
      // Asked again next time: it may have been installed or fixed meanwhile.
      if (!binary) binaries.delete(path);
      return { binary, problem: binary ? null : `${path} did not answer \`--version\` as ShellCheck does` };
    },
    async check(binary, jobs, timeoutMs) {
      const perJob = jobs.map((job) => files(binary, job));
      const texts = [...new Set(perJob.flat().map((file) => file.text).filter((text) => !cache.has(text)))];
      const comments = await runShellcheck(binary.path, texts, { timeoutMs });
      const fresh = new Map(texts.map((text, k) => [text, comments[k]]));
      for (const [text, list] of fresh) remember(text, list);
      return jobs.map((job, j) => findingsOf(job, perJob[j], (text) => fresh.get(text) ?? cache.get(text)).findings);
    },
    known(binary, job) {
      return findingsOf(job, files(binary, job), (text) => cache.get(text));
    },
  };
}

export interface ShellcheckSession {
  /**
   * The lint result with the ShellCheck findings already known for its scripts; `pending` when
   * some script still has to be checked (`schedule` it).
   */
  annotate(result: LintResult): Promise<{ result: LintResult; pending: boolean }>;
  /**
   * Checks the result's unknown scripts once nothing newer was scheduled for its document for
   * `delayMs`; resolves true when their findings are known (annotate again), false when superseded.
   */
  schedule(result: LintResult): Promise<boolean>;
  forget(uri: string): void;
}

export interface SessionOptions {
  delayMs: number;
  timeoutMs: number;
  /** One line when what ShellCheck is changes (found, missing, failing): for an Output channel. */
  log(line: string): void;
  /** How the interface names the setting, for those lines (`dockscope.shellcheck.path`). */
  settingName: string;
}

export function createShellcheckSession(options: SessionOptions): ShellcheckSession {
  const shellcheck = createShellcheck();
  const timers = new Map<string, { timer: NodeJS.Timeout; resolve: (ready: boolean) => void }>();
  let queue: Promise<unknown> = Promise.resolve();
  let said = '';
  const say = (line: string) => {
    if (line !== said) options.log(line);
    said = line;
  };
  const binaryFor = async (result: LintResult) => {
    const setting = result.input.settings.shellcheck;
    const { binary, problem } = await shellcheck.binary(setting);
    if (binary) say(`ShellCheck ${binary.version ?? '(unknown version)'} at ${binary.path} checks RUN scripts (${options.settingName}: ${setting}).`);
    else if (problem) say(`ShellCheck not used: ${problem} (${options.settingName}: ${setting}).`);
    else say(`ShellCheck not used: ${shellcheckOff(setting) ? 'switched off' : `"${setting}" not found`} (${options.settingName}: ${setting}).`);
    return binary;
  };
  return {
    async annotate(result) {
      const binary = await binaryFor(result);
      if (!binary) return { result, pending: false };
      const known = shellcheck.known(binary, shellcheckJob(result));
      return { result: withFindings(result, known.findings), pending: !known.complete };
    },
    schedule(result) {
      const previous = timers.get(result.uri);
      if (previous) {
        clearTimeout(previous.timer);
        previous.resolve(false);
      }
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(result.uri);
          // One ShellCheck process at a time: documents queue behind each other.
          const run = queue.then(async () => {
            const binary = await binaryFor(result);
            if (!binary) return false;
            await shellcheck.check(binary, [shellcheckJob(result)], options.timeoutMs);
            return true;
          }).catch((error: unknown) => {
            say(`ShellCheck failed: ${error instanceof Error ? error.message : String(error)}`);
            return false;
          });
          queue = run;
          void run.then(resolve);
        }, options.delayMs);
        timers.set(result.uri, { timer, resolve });
      });
    },
    forget(uri) {
      const pending = timers.get(uri);
      if (!pending) return;
      clearTimeout(pending.timer);
      pending.resolve(false);
      timers.delete(uri);
    },
  };
}
