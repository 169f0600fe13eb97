// `dockscope build` at work (part of dist/cli-docker.js): runs the build through the daemon and
// prints the step table or the JSON (version 1); the options are defined in cli/commands/build.ts.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import type Docker from 'dockerode';
import { releaseDockerClient } from '../../engine/docker/connection';
import type { EndpointOptions } from '../commands/endpointOptions';
import { connectDocker } from './endpoint';
import { CLI_WORDS, classifyDockerError, explainBuildError } from '../../engine/docker/errors';
import { runBuild } from '../../engine/build/runner';
import { explainAgainst } from '../../engine/build/why/explain';
import { reasonText } from '../../engine/build/why/reasonText';
import { readLastBuild, saveLastBuild } from './lastBuild';
import { cacheRatio, contextSummary, failedStep, longestSteps, toCliJson, type BuildRecord } from '../../engine/build/record';
import { formatDuration, formatPercent } from '../../common/format';
import { printable } from '../../common/format';
import { interruptible } from './interrupt';

export interface BuildOptions extends EndpointOptions {
  file?: string;
  tag?: string;
  target?: string;
  buildArg: Record<string, string>;
  network?: string;
  cache: boolean;
  json?: boolean;
}

export async function build(context: string, options: BuildOptions): Promise<number> {
  const contextDir = path.resolve(context);
  const dockerfile = path.resolve(options.file ?? path.join(contextDir, 'Dockerfile'));
  for (const [what, target, folder] of [['context folder', contextDir, true], ['Dockerfile', dockerfile, false]] as const) {
    const stats = statSync(target, { throwIfNoEntry: false });
    if (!stats || stats.isDirectory() !== folder) {
      process.stderr.write(printable(`dockscope build: ${what} ${target} ${stats ? `is not a ${folder ? 'folder' : 'file'}` : 'does not exist'}\n`));
      return 1;
    }
  }
  return interruptible('build', (signal) => runAndReport(contextDir, dockerfile, options, signal));
}

async function runAndReport(contextDir: string, dockerfile: string, options: BuildOptions, signal: AbortSignal): Promise<number> {
  const live = !options.json && process.stderr.isTTY;
  let record: BuildRecord;
  let earlier: BuildRecord | undefined;
  let endpoint = '';
  let docker: Docker | undefined;
  try {
    docker = connectDocker(options, (described) => { endpoint = described; }).docker;
    earlier = readLastBuild(dockerfile, options.target || null);
    record = await runBuild(docker, {
      dockerfile, context: contextDir, tag: options.tag, target: options.target,
      buildArgs: options.buildArg, network: options.network, noCache: !options.cache, earlier: earlier?.inputs,
    }, {
      signal,
      onProgress: live ? ({ currentStep }) => { if (currentStep) process.stderr.write(`\r\x1b[K${printable(`${currentStep.slice(0, (process.stderr.columns ?? 80) - 1)}`)}`); } : undefined,
    });
  } catch (error) {
    if (live) process.stderr.write('\r\x1b[K');
    if (signal.aborted) return 1; // interruptible() says so and exits 130
    process.stderr.write(printable(`dockscope build: ${classifyDockerError(error, { words: CLI_WORDS, endpoint }).message}\n`));
    return 1;
  } finally {
    // The ssh connection (or kept-alive TLS sockets) would keep the process alive.
    if (docker) releaseDockerClient(docker);
  }
  if (live) process.stderr.write('\r\x1b[K');
  // Cancelled: nothing to report but the interruption (interruptible() says it).
  if (signal.aborted) return 1;
  const explained = explainAgainst(earlier, record);
  saveLastBuild(record);
  process.stdout.write(printable(options.json ? `${JSON.stringify(toCliJson(record))}\n` : formatTable(record, explained > 0)));
  if (record.outcome !== 'succeeded' && !options.json) process.stderr.write(printable(`dockscope build: ${record.error ? explainBuildError(record.error, CLI_WORDS) : record.outcome}\n`));
  return record.outcome === 'succeeded' ? 0 : 1;
}

function formatTable(record: BuildRecord, withReasons: boolean): string {
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
  out.push(`wall ${formatDuration(record.wallMs)} · accumulated ${formatDuration(record.accumulatedMs)} · cache ${record.cacheHits}/${record.totalSteps} (${formatPercent(cacheRatio(record))}) · context ${contextSummary(record)}`);
  const longest = longestSteps(record, 3).filter((step) => !step.cached);
  if (longest.length) out.push(`longest: ${longest.map((step) => `${step.line === null ? step.name : `line ${step.line}`} ${formatDuration(step.durationMs)}`).join(', ')}`);
  if (record.image) out.push(`image ${record.image}${record.tag ? ` (${record.tag})` : ''}`);
  if (withReasons) {
    out.push('', 'why these steps ran (compared with the last build of this Dockerfile):');
    for (const step of record.steps) {
      if (step.reason && step.line !== null) out.push(`  line ${step.line} ${step.instruction ?? ''}: ${reasonText(step.reason, '--no-cache')}`);
    }
  }
  const failed = failedStep(record);
  if (failed) {
    out.push('', `failed: ${failed.name}${failed.line === null ? '' : ` (line ${failed.line})`}`, `  ${failed.error}`);
    for (const logLine of failed.logTail) out.push(`  | ${logLine}`);
  }
  return `${out.join('\n')}\n`;
}
