// yarn-cache-not-cleaned (DL3060): Yarn 1 (classic) keeps a copy of every package it installs in
// its cache (/usr/local/share/.cache/yarn for root); without `yarn cache clean` in the same RUN
// that copy stays in the layer next to node_modules.
import type { Finding, Rule, RuleContext } from '../rule';
import { runMounts } from '../../dockerfile/mounts';
import type { ShellWord, SimpleCommand } from '../../dockerfile/shell';
import type { Instruction } from '../../dockerfile/types';
import { appendPoint } from '../util/runEdits';
import { shippedRuns } from '../util/stages';

/** Yarn 1 options that take the next word as their value. */
const VALUE_OPTIONS = new Set(['--cache-folder', '--modules-folder', '--mutex', '--network-timeout', '--cwd', '--registry', '--global-folder', '--link-folder', '--use-yarnrc']);
/** Sub-commands that download packages into the cache (`yarn` alone is `yarn install`). */
const INSTALLS = new Set(['', 'install', 'add']);
/** The default cache of Yarn 1 (root: /usr/local/share/.cache/yarn, others ~/.cache/yarn), or a parent `.cache`. */
const DEFAULT_CACHE = /(^|\/)\.cache(\/yarn(\/.*)?)?\/?$/;
/** Hints of Yarn 2+ (Berry) in the Dockerfile: its config file, `yarn set version`, corepack pins. */
const BERRY_IN_DOCKERFILE = /\.yarnrc\.yml|yarn\s+set\s+version|yarn@(?:[2-9]|\d{2,}|stable|berry|canary)\b/;
const BERRY_PACKAGE_MANAGER = /"packageManager"\s*:\s*"yarn@(?:[2-9]|\d{2,})/;

interface YarnCommand {
  command: SimpleCommand;
  subcommand: string;
  word: ShellWord;
  options: ShellWord[];
}

export const yarnCacheNotCleaned: Rule = {
  meta: {
    id: 'yarn-cache-not-cleaned', category: 'layers', severity: 'info', aliases: ['DL3060'],
    description: 'yarn install without yarn cache clean in the same RUN keeps a second copy of every package in the yarn cache inside the layer.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    let berry: boolean | undefined;
    for (const instruction of shippedRuns(ctx.model)) {
      const commands = ctx.model.shellOf(instruction)?.commands;
      if (!commands?.some((command) => command.effective.name === 'yarn')) continue;
      const yarns = commands.map(yarnCommand);
      const lastInstall = yarns.map((yarn) => !!yarn && INSTALLS.has(yarn.subcommand)).lastIndexOf(true);
      if (lastInstall < 0) continue;
      const install = yarns[lastInstall]!;
      if (install.options.some((word) => word.value === '--immutable' || word.value.startsWith('--mode'))) continue;
      berry ??= usesBerry(ctx);
      if (berry) continue;
      const cacheFolder = cacheFolderOf(ctx, instruction, install);
      if (commands.slice(lastInstall + 1).some((command, i) => cleans(yarns[lastInstall + 1 + i], command, cacheFolder))) continue;
      if (cacheMounted(ctx, instruction, cacheFolder)) continue;
      const end = appendPoint(install.command.pipeline.source);
      findings.push({
        range: install.word.range,
        message: `yarn ${install.subcommand || 'install'} without yarn cache clean in the same RUN: yarn keeps a copy of every package in its cache (${cacheFolder ?? '/usr/local/share/.cache/yarn'}), and it stays in this layer next to node_modules.`,
        fixes: end ? [{ title: 'Append && yarn cache clean', preferred: true, safe: true, edits: [ctx.insertAt(end, ' && yarn cache clean')] }] : undefined,
      });
    }
    return findings;
  },
};

/** `yarn [options] <sub-command> …` read from the argv; `global add` counts as `add`. */
function yarnCommand(command: SimpleCommand): YarnCommand | null {
  if (command.effective.name !== 'yarn') return null;
  const args = command.effective.args;
  const options: ShellWord[] = [];
  const words: ShellWord[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    if (word.value.startsWith('-')) {
      options.push(word);
      if (VALUE_OPTIONS.has(word.value) && args[i + 1]) options.push(args[++i]);
    } else words.push(word);
  }
  const program = command.argv.find((word) => word.value === 'yarn' || word.value.endsWith('/yarn')) ?? command.argv[0];
  if (!words.length) {
    // `yarn --version`, `yarn -h` print and exit; bare `yarn` (flags or not) is `yarn install`.
    const informational = options.some((word) => ['--version', '-v', '-V', '--help', '-h'].includes(word.value));
    return { command, subcommand: informational ? 'version' : '', word: program, options };
  }
  const sub = words[0].value === 'global' && words[1] ? words[1] : words[0];
  return { command, subcommand: words[0].value === 'cache' && words[1]?.value === 'clean' ? 'cache clean' : sub.value, word: sub, options };
}

/** `--cache-folder`, or YARN_CACHE_FOLDER inline, exported earlier in the RUN, or set by ENV/ARG. */
function cacheFolderOf(ctx: RuleContext, instruction: Instruction, install: YarnCommand): string | null {
  const option = install.options.findIndex((word) => word.value === '--cache-folder' || word.value.startsWith('--cache-folder='));
  if (option >= 0) {
    const word = install.options[option];
    return word.value.includes('=') ? word.value.slice(word.value.indexOf('=') + 1) : install.options[option + 1]?.value ?? null;
  }
  const inline = install.command.effective.env.find((env) => env.name === 'YARN_CACHE_FOLDER');
  if (inline) return inline.value;
  return ctx.model.stateAt(instruction)?.vars.get('YARN_CACHE_FOLDER')?.value ?? null;
}

/** `yarn cache clean`, or `rm` of the cache folder (or the `.cache` holding it). */
function cleans(yarn: YarnCommand | null, command: SimpleCommand, cacheFolder: string | null): boolean {
  if (yarn?.subcommand === 'cache clean') return true;
  if (command.effective.name !== 'rm') return false;
  return command.effective.args.some((word) => {
    const path = word.value.replace(/\/\*?$/, '');
    return DEFAULT_CACHE.test(path) || (cacheFolder !== null && (cacheFolder.replace(/\/+$/, '') === path || cacheFolder.startsWith(path + '/')));
  });
}

/** A cache or tmpfs mount on yarn's cache folder (or a folder holding it): nothing stays in the layer. */
function cacheMounted(ctx: RuleContext, instruction: Instruction, cacheFolder: string | null): boolean {
  return runMounts(instruction).some((mount) => {
    if ((mount.type !== 'cache' && mount.type !== 'tmpfs') || !mount.target) return false;
    const target = ctx.model.expand(mount.target, instruction).value.replace(/\/+$/, '');
    if (cacheFolder !== null) return cacheFolder.replace(/\/+$/, '') === target || cacheFolder.startsWith(target + '/');
    return DEFAULT_CACHE.test(target);
  });
}

/**
 * Yarn 2+ (Berry) in this project: a `.yarnrc.yml` or a `packageManager: yarn@2+` in the build
 * context, or the Dockerfile naming one. Berry's cache is not Yarn 1's: with Plug'n'Play the
 * cached zip archives are the installed packages, and `yarn cache clean` would remove them.
 */
function usesBerry(ctx: RuleContext): boolean {
  if (BERRY_IN_DOCKERFILE.test(ctx.text) || ctx.context.exists('.yarnrc.yml')) return true;
  const manifest = ctx.context.hasPackageJson() ? ctx.context.readText('package.json') : null;
  return manifest !== null && BERRY_PACKAGE_MANAGER.test(manifest);
}
