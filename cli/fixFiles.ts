// `dockscope lint --fix` and `--fix-dry-run`: every safe fix applied to a fixed point (lint/fixAll),
// then the Dockerfile and the files the fixes make (a .dockerignore) written, or shown as a
// unified diff. Runs in this thread: fixing writes files, and a run fixes few of them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fixAll, type FileWrite } from '../lint/fixAll';
import { createResultLinter, type FileOutcome, type LintJob } from './lintFiles';
import { shellcheckJob } from '../lint/shellcheck/scripts';
import { unifiedDiff } from './unifiedDiff';

export interface FixOutcome extends FileOutcome {
  /** What was (or, in a dry run, would be) fixed, for stderr. */
  summary: string[];
  /** Unified diffs of every changed file (dry run only). */
  diff: string;
}

/** A file a fix writes, as it is now and as it would be after the fix. */
interface PlannedWrite {
  path: string;
  before: string | null;
  after: string;
}

export function fixFiles(paths: string[], job: LintJob, options: { dryRun: boolean }): FixOutcome[] {
  const lint = createResultLinter(job);
  return paths.map((path) => {
    const messages: string[] = [];
    const first = lint(path, messages);
    if (!first) return { path, findings: null, messages, configProblems: [], summary: [], diff: '' };
    const fixed = fixAll(first);
    const writes: PlannedWrite[] = [];
    if (fixed.text !== first.text) writes.push({ path, before: first.text, after: fixed.text });
    writes.push(...plannedFiles(fixed.result.context.root, fixed.files));
    const summary = fixed.applied.map((fix) => `${displayPath(path)}: ${fix.ruleId}: ${fix.title}`);
    let diff = '';
    if (options.dryRun) {
      diff = writes.map((write) => unifiedDiff(write.before ?? '', write.after, diffPath(write.path), { created: write.before === null })).join('');
    } else {
      for (const write of writes) writeFileSync(write.path, write.after);
    }
    const configProblems = job.config ? [] : fixed.result.config.problems;
    const outcome: FixOutcome = { path, findings: fixed.result.findings, messages, configProblems, failLevel: fixed.result.config.failLevel, summary, diff };
    if (job.shellcheck) outcome.shellcheck = shellcheckJob(fixed.result);
    return outcome;
  });
}

/** Fixes may create or append to the same file several times: one write per file, in order. */
function plannedFiles(root: string, files: readonly FileWrite[]): PlannedWrite[] {
  const planned = new Map<string, PlannedWrite>();
  for (const file of files) {
    const path = join(root, file.path);
    let write = planned.get(path);
    if (!write) {
      const before = readOrNull(path);
      write = { path, before, after: before ?? '' };
      planned.set(path, write);
    }
    write.after = file.append ? write.after + file.content : file.content;
  }
  return [...planned.values()].filter((write) => write.after !== write.before);
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** As `git diff` names files: relative to the working folder (`patch -p1` applies it there); from `/` outside it. */
function diffPath(path: string): string {
  return displayPath(path).replace(/^\/+/, '');
}

function displayPath(path: string): string {
  const shown = relative(process.cwd(), resolve(path));
  return shown.startsWith('..') ? resolve(path) : shown;
}
