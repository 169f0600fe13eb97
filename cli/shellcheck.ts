// ShellCheck in `dockscope lint`: the binary from `--shellcheck`/`--no-shellcheck` (default: on
// PATH), then one ShellCheck run over the RUN scripts of every file linted, merged into each file's
// findings. Missing and not asked for: silent (one line with --verbose).
import type { RuleFinding } from '../lint/engine';
import { createShellcheck } from '../lint/shellcheck/service';
import type { ShellcheckBinary } from '../lint/shellcheck/runner';
import type { ShellcheckJob } from '../lint/shellcheck/scripts';

/** A batch is many files: a minute before ShellCheck is given up on. */
const TIMEOUT_MS = 120_000;

export interface ShellcheckChoice {
  binary: ShellcheckBinary | null;
  /** Set when the user named a binary that cannot be used: a usage error. */
  problem: string | null;
  /** For --verbose. */
  note: string;
}

const shellcheck = createShellcheck();

/** `option`: the `--shellcheck` value, false for `--no-shellcheck`, undefined when neither was given. */
export async function chooseShellcheck(option: string | boolean | undefined): Promise<ShellcheckChoice> {
  if (option === false) return { binary: null, problem: null, note: 'ShellCheck not used (--no-shellcheck)' };
  const explicit = typeof option === 'string';
  const setting = explicit ? option : 'shellcheck';
  const { binary, problem } = await shellcheck.binary(setting);
  if (binary) return { binary, problem: null, note: `ShellCheck ${binary.version ?? '(unknown version)'} at ${binary.path} checks RUN scripts` };
  const why = problem ?? (explicit ? `--shellcheck ${setting}: not found or not executable` : 'ShellCheck not used: no shellcheck on PATH');
  return { binary: null, problem: explicit ? why : null, note: why };
}

/** Adds ShellCheck's findings to each outcome that carries a job; says in `messages` what went wrong. */
export async function addShellcheckFindings<T extends { findings: RuleFinding[] | null; shellcheck?: ShellcheckJob; messages: string[] }>(
  outcomes: T[], binary: ShellcheckBinary,
): Promise<{ scripts: number; ms: number }> {
  const withJobs = outcomes.filter((outcome) => outcome.findings && outcome.shellcheck);
  const jobs = withJobs.map((outcome) => outcome.shellcheck as ShellcheckJob);
  const start = performance.now();
  let found: RuleFinding[][];
  try {
    found = await shellcheck.check(binary, jobs, TIMEOUT_MS);
  } catch (error) {
    withJobs[0]?.messages.push(`ShellCheck findings left out: ${error instanceof Error ? error.message : String(error)}`);
    return { scripts: 0, ms: performance.now() - start };
  }
  withJobs.forEach((outcome, k) => {
    if (!found[k].length) return;
    outcome.findings = [...(outcome.findings ?? []), ...found[k]].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  });
  return { scripts: jobs.reduce((n, job) => n + job.scripts.length, 0), ms: performance.now() - start };
}
