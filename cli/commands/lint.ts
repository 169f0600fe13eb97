// `dockscope lint`: the language server's checks for CI. Exit 1 when a finding reaches the fail
// level (after --fix: a finding left), 2 on usage errors (bad option, missing path), 0 otherwise.
// The fail level is --fail-level (or hadolint's --failure-threshold), else the project config's
// (`failLevel`, hadolint's `failure-threshold`) for each file, else `error`.
// --fix-dry-run prints a unified diff and exits 1 when it would change something, as `ruff --diff`.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { isDockerfileName } from '../../common/protocol';
import { loadConfig, parseFailLevel, type FailLevel } from '../../lint/config/projectConfig';
import { failsAt, toJsonReport, toSarifReport, toTextReport, type FileReport } from '../../lint/report';
import { RULES } from '../../lint/rules/catalog';
import { fixFiles } from '../fixFiles';
import { lintFiles, type FileOutcome, type LintJob } from '../lintFiles';
import { addShellcheckFindings, chooseShellcheck } from '../shellcheck';
import type { ShellcheckBinary } from '../../lint/shellcheck/runner';
import { printable } from '../../common/format';

interface LintOptions {
  context?: string;
  config?: string;
  format: 'text' | 'json' | 'sarif';
  failLevel: FailLevel;
  failureThreshold?: string;
  fix?: boolean;
  fixDryRun?: boolean;
  /** `--shellcheck <path>`: a string; `--no-shellcheck`: false; neither: undefined (look on PATH). */
  shellcheck?: string | boolean;
  verbose?: boolean;
}

const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

/**
 * `Dockerfile.*` names that are not Dockerfiles but sources of one (templates a script fills in)
 * or leftovers: found in a folder they are skipped (named on the command line, they are linted).
 */
const NOT_A_DOCKERFILE = /\.(template|tmpl|tpl|j2|jinja2?|erb|mustache|hbs|gotmpl|in|orig|bak|rej|swp|md|txt|sh|ya?ml|json)$/i;

/** Files given directly are linted whatever their name; folders are searched recursively. */
export function findDockerfiles(paths: string[]): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) walk(path);
      else if (entry.isFile() && isDockerfileName(entry.name) && !NOT_A_DOCKERFILE.test(entry.name)) found.push(path);
    }
  };
  for (const path of paths) {
    const stats = statSync(path, { throwIfNoEntry: false });
    if (!stats) throw new InvalidArgumentError(`${path} does not exist`);
    if (stats.isDirectory()) walk(path);
    else found.push(path);
  }
  return found;
}

export function lintCommand(): Command {
  return new Command('lint')
    .description('Lint Dockerfiles (files, or folders searched for Dockerfile, Containerfile, *.Dockerfile, Dockerfile.* and the like).')
    .argument('[paths...]', 'Dockerfiles or folders', ['.'])
    .option('--context <dir>', 'build context folder (default: each Dockerfile\'s folder)')
    .option('--config <file>', 'project config (.dockscope.yaml or .hadolint.yaml; default: found beside the Dockerfile)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json', 'sarif']).default('text'))
    .addOption(new Option('--fail-level <level>', 'exit 1 when a finding is at or above this level (default: the project config\'s, else error)').choices(['error', 'warning', 'info', 'hint', 'none']).default('error'))
    .addOption(new Option('--failure-threshold <level>', 'hadolint\'s name for --fail-level (style = hint; ignore = none)').choices(['error', 'warning', 'info', 'style', 'ignore', 'none']))
    .option('--fix', 'apply every safe fix (to a fixed point), write the Dockerfiles and the files the fixes make (.dockerignore), then report what is left')
    .option('--fix-dry-run', 'print the safe fixes as a unified diff (for patch -p1 or git apply) instead of writing them')
    .option('--shellcheck <path>', 'ShellCheck binary for RUN scripts (default: shellcheck on PATH, when there)')
    .option('--no-shellcheck', 'do not run ShellCheck')
    .option('--verbose', 'say on stderr what ran (ShellCheck: which binary, how many scripts, how long)')
    .exitOverride()
    .showHelpAfterError()
    .action(async (paths: string[], options: LintOptions, command: Command) => {
      process.exitCode = await runLint(paths, options, command);
    });
}

/** The fail level given on the command line, or null to use each file's project config. */
function flagFailLevel(options: LintOptions, command: Command): FailLevel | null {
  const explicit = command.getOptionValueSource('failLevel') === 'cli';
  if (options.failureThreshold !== undefined) {
    const level = parseFailLevel(options.failureThreshold)!;
    if (explicit && level !== options.failLevel) throw new InvalidArgumentError('--fail-level and --failure-threshold disagree; give one of them');
    return level;
  }
  return explicit ? options.failLevel : null;
}

async function runLint(paths: string[], options: LintOptions, command: Command): Promise<number> {
  let files: string[];
  let failLevel: FailLevel | null = null;
  try {
    files = findDockerfiles(paths);
    failLevel = flagFailLevel(options, command);
    if (options.context && !statSync(options.context, { throwIfNoEntry: false })?.isDirectory()) throw new InvalidArgumentError(`--context ${options.context} is not a folder`);
    if (options.config && !statSync(options.config, { throwIfNoEntry: false })?.isFile()) throw new InvalidArgumentError(`--config ${options.config} is not a file`);
    if (options.fix && options.fixDryRun) throw new InvalidArgumentError('--fix and --fix-dry-run cannot be used together');
    if (options.fixDryRun && options.format !== 'text') throw new InvalidArgumentError(`--fix-dry-run prints a diff; it cannot be used with --format ${options.format}`);
  } catch (error) {
    command.error(`dockscope lint: ${error instanceof Error ? error.message : String(error)}`, { exitCode: 2 });
  }
  const shellcheck = await chooseShellcheck(options.shellcheck);
  if (shellcheck.problem) command.error(`dockscope lint: ${shellcheck.problem}`, { exitCode: 2 });
  const verbose = (line: string) => {
    if (options.verbose) process.stderr.write(printable(`dockscope lint: ${line}\n`));
  };
  verbose(shellcheck.note);
  // An explicit config's own problems, once (each worker loads it again to apply it).
  const config = options.config ? loadConfig(resolve(options.config), RULES) : undefined;
  for (const problem of config?.problems ?? []) process.stderr.write(printable(`dockscope lint: ${problem}\n`));
  const job: LintJob = { context: options.context, config: options.config, shellcheck: Boolean(shellcheck.binary) && !options.fixDryRun };
  if (options.fix || options.fixDryRun) return runFix(files, job, options, failLevel, shellcheck.binary, verbose);
  let outcomes: FileOutcome[];
  try {
    outcomes = await lintFiles(files, job);
  } catch (error) {
    process.stderr.write(printable(`dockscope lint: ${error instanceof Error ? error.message : String(error)}\n`));
    return 2;
  }
  if (shellcheck.binary) verbose(describeRun(await addShellcheckFindings(outcomes, shellcheck.binary)));
  return report(outcomes, options, failLevel);
}

function describeRun(run: { scripts: number; ms: number }): string {
  return `ShellCheck checked ${run.scripts} RUN script${run.scripts === 1 ? '' : 's'} in ${Math.round(run.ms)} ms`;
}

async function runFix(files: string[], job: LintJob, options: LintOptions, failLevel: FailLevel | null, binary: ShellcheckBinary | null, verbose: (line: string) => void): Promise<number> {
  let outcomes;
  try {
    outcomes = fixFiles(files, job, { dryRun: Boolean(options.fixDryRun) });
  } catch (error) {
    process.stderr.write(printable(`dockscope lint: ${error instanceof Error ? error.message : String(error)}\n`));
    return 2;
  }
  // What is left after the fixes (ShellCheck offers none Dockscope applies).
  if (binary && !options.fixDryRun) verbose(describeRun(await addShellcheckFindings(outcomes, binary)));
  const verb = options.fixDryRun ? 'would fix' : 'fixed';
  for (const outcome of outcomes) for (const line of outcome.summary) process.stderr.write(printable(`dockscope lint: ${verb} ${line}\n`));
  if (!options.fixDryRun) return report(outcomes, options, failLevel);
  for (const outcome of outcomes) for (const message of outcome.messages) process.stderr.write(printable(`dockscope lint: ${message}\n`));
  const diff = outcomes.map((outcome) => outcome.diff).join('');
  process.stdout.write(diff);
  if (outcomes.some((outcome) => !outcome.findings)) return 2;
  return diff ? 1 : 0;
}

/** Prints the findings in the chosen format; the exit code (each file judged at its fail level). */
function report(outcomes: FileOutcome[], options: LintOptions, failLevel: FailLevel | null): number {
  const reports: FileReport[] = [];
  let failed = false;
  let failing = false;
  const reported = new Set<string>();
  for (const outcome of outcomes) {
    for (const message of outcome.messages) process.stderr.write(printable(`dockscope lint: ${message}\n`));
    for (const problem of outcome.configProblems) {
      if (!reported.has(problem)) process.stderr.write(printable(`dockscope lint: ${problem}\n`));
      reported.add(problem);
    }
    if (!outcome.findings) {
      failed = true;
      continue;
    }
    const file = { path: outcome.path, findings: outcome.findings };
    reports.push(file);
    if (failsAt([file], failLevel ?? outcome.failLevel ?? 'error')) failing = true;
  }
  if (options.format === 'json') process.stdout.write(`${toJsonReport(reports)}\n`);
  else if (options.format === 'sarif') process.stdout.write(`${toSarifReport(reports, RULES)}\n`);
  else process.stdout.write(`${toTextReport(reports, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR)}\n`);
  if (failed) return 2;
  return failing ? 1 : 0;
}
