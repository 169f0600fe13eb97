// `dockscope build`: builds through the daemon with BuildKit and prints each step's time and
// cache hit, or the issue-5 JSON shape with --json. Exit 1 when the build fails.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { createDockerClient } from '../../server/docker/connection';
import { classifyDockerError } from '../../server/docker/errors';
import { runBuild } from '../../server/docker/build/runner';
import { cacheRatio, failedStep, longestSteps, toCliJson, type BuildRecord } from '../../server/docker/build/record';
import { formatBytes, formatDuration, formatPercent } from '../../server/docker/build/format';

interface BuildOptions {
  file?: string;
  tag?: string;
  target?: string;
  buildArg: Record<string, string>;
  network?: string;
  cache: boolean;
  json?: boolean;
}

/** `--build-arg K=V`, or `--build-arg K` to pass K from the environment as `docker build` does. */
function collectBuildArg(value: string, previous: Record<string, string>): Record<string, string> {
  const equals = value.indexOf('=');
  const key = equals < 0 ? value : value.slice(0, equals);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new InvalidArgumentError(`"${value}" is not KEY=VALUE`);
  if (equals >= 0) return { ...previous, [key]: value.slice(equals + 1) };
  const fromEnv = process.env[key];
  return fromEnv === undefined ? previous : { ...previous, [key]: fromEnv };
}

export function buildCommand(): Command {
  return new Command('build')
    .description('Build an image through the Docker daemon (BuildKit) and print per-step timings and cache hits.')
    .argument('[context]', 'build context folder', '.')
    .option('-f, --file <Dockerfile>', 'Dockerfile (default: <context>/Dockerfile)')
    .option('-t, --tag <tag>', 'name and tag for the image')
    .option('--target <stage>', 'build up to this stage')
    .option('--build-arg <KEY=VALUE>', 'build-time variable (repeatable)', collectBuildArg, {})
    .option('--network <mode>', 'network mode for RUN steps (default, host, none)')
    .option('--no-cache', 'do not use the build cache')
    .option('--json', 'print the build record as JSON')
    // Usage errors reach main() as CommanderError (exit 2), like the top-level program's.
    .exitOverride()
    .showHelpAfterError()
    .action(async (context: string, options: BuildOptions) => {
      process.exitCode = await build(context, options);
    });
}

async function build(context: string, options: BuildOptions): Promise<number> {
  const contextDir = path.resolve(context);
  const dockerfile = path.resolve(options.file ?? path.join(contextDir, 'Dockerfile'));
  for (const [what, target, folder] of [['context folder', contextDir, true], ['Dockerfile', dockerfile, false]] as const) {
    const stats = statSync(target, { throwIfNoEntry: false });
    if (!stats || stats.isDirectory() !== folder) {
      process.stderr.write(`dockscope build: ${what} ${target} ${stats ? `is not a ${folder ? 'folder' : 'file'}` : 'does not exist'}\n`);
      return 1;
    }
  }
  const controller = new AbortController();
  const cancel = () => controller.abort();
  process.once('SIGINT', cancel);
  const live = !options.json && process.stderr.isTTY;
  let record: BuildRecord;
  try {
    const docker = createDockerClient();
    record = await runBuild(docker, {
      dockerfile, context: contextDir, tag: options.tag, target: options.target,
      buildArgs: options.buildArg, network: options.network, noCache: !options.cache,
    }, {
      signal: controller.signal,
      onProgress: live ? ({ currentStep }) => { if (currentStep) process.stderr.write(`\r\x1b[K${currentStep.slice(0, (process.stderr.columns ?? 80) - 1)}`); } : undefined,
    });
  } catch (error) {
    process.stderr.write(`dockscope build: ${classifyDockerError(error).message}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', cancel);
    if (live) process.stderr.write('\r\x1b[K');
  }
  process.stdout.write(options.json ? `${JSON.stringify(toCliJson(record))}\n` : formatTable(record));
  if (record.outcome !== 'succeeded' && !options.json) process.stderr.write(`dockscope build: ${record.error ?? record.outcome}\n`);
  return record.outcome === 'succeeded' ? 0 : 1;
}

export function formatTable(record: BuildRecord): string {
  const rows = record.steps.map((step) => [
    step.stage ?? (step.internal ? 'internal' : ''),
    step.instruction ?? '',
    step.line === null ? '' : String(step.line),
    formatDuration(step.durationMs),
    step.cached ? 'cached' : step.error ? 'FAILED' : '',
    step.name.replace(/^\[[^\]]*\]\s*/, '').replace(/\s+/g, ' ').slice(0, 60),
  ]);
  const header = ['STAGE', 'INSTRUCTION', 'LINE', 'DURATION', 'CACHED', 'STEP'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => (column === 2 || column === 3 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd();
  const out = [line(header), ...rows.map(line), ''];
  out.push(`wall ${formatDuration(record.wallMs)} · accumulated ${formatDuration(record.accumulatedMs)} · cache ${record.cacheHits}/${record.totalSteps} (${formatPercent(cacheRatio(record))}) · context ${formatBytes(record.contextBytes)} in ${record.contextFiles} files, packed in ${formatDuration(record.contextPackMs)}`);
  const longest = longestSteps(record, 3).filter((step) => !step.cached);
  if (longest.length) out.push(`longest: ${longest.map((step) => `${step.line === null ? step.name : `line ${step.line}`} ${formatDuration(step.durationMs)}`).join(', ')}`);
  if (record.image) out.push(`image ${record.image}${record.tag ? ` (${record.tag})` : ''}`);
  const failed = failedStep(record);
  if (failed) {
    out.push('', `failed: ${failed.name}${failed.line === null ? '' : ` (line ${failed.line})`}`, `  ${failed.error}`);
    for (const logLine of failed.logTail) out.push(`  | ${logLine}`);
  }
  return `${out.join('\n')}\n`;
}
