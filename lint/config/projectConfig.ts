// Rule levels from the project config: `.dockscope.yaml` (`rules: { <id>: off|hint|info|warning|error }`),
// or, when there is none, `.hadolint.yaml` (`ignored:` codes, `override: { error|warning|info|style: [codes] }`)
// mapped onto rules through their aliases; ShellCheck codes (`SC2086`) set the level of ShellCheck's
// findings; with them the trusted registries (`trustedRegistries`, read by untrusted-registry) and
// the CLI's fail level (`failLevel`, hadolint's `failure-threshold`). Found by common/projectConfig.ts
// beside the Dockerfile or in a parent folder (up to the folder holding `.git`), or given explicitly
// (CLI `--config`).
import { configKind, findConfigFile, readConfigDocument } from '../../common/projectConfig';
import { isRuleLevel, type RuleLevel } from '../../common/settings';
import { readCached } from '../context/buildContext';
import type { Rule } from '../rule';
import { shellcheckCode } from '../shellcheck/codes';

export interface ProjectConfig {
  /** The file the levels came from, or null when none was found. */
  path: string | null;
  levels: Record<string, RuleLevel>;
  /** Problems worth telling the user (unreadable YAML, unknown rule ids or levels). */
  problems: string[];
  /** Registries images may come from (`docker.io`, `*.corp.example`); absent when not configured. */
  trustedRegistries?: string[];
  /** `dockscope lint` exits 1 when a finding is at or above this level; absent when not configured. */
  failLevel?: FailLevel;
}

export type FailLevel = Exclude<RuleLevel, 'off'> | 'none';

/** hadolint's `failure-threshold` values; `style` is our hint, `ignore` and `none` never fail. */
const HADOLINT_THRESHOLDS: Record<string, FailLevel> = { error: 'error', warning: 'warning', info: 'info', style: 'hint', ignore: 'none', none: 'none' };
const FAIL_LEVELS: Record<string, FailLevel> = { error: 'error', warning: 'warning', info: 'info', hint: 'hint', none: 'none' };

/** A fail level as the CLI flag or a config file spells it (hadolint's names accepted too); null when unknown. */
export function parseFailLevel(value: string): FailLevel | null {
  const key = value.trim().toLowerCase();
  return FAIL_LEVELS[key] ?? HADOLINT_THRESHOLDS[key] ?? null;
}

const HADOLINT_LEVELS: Record<string, RuleLevel> = { error: 'error', warning: 'warning', info: 'info', style: 'hint' };

const EMPTY: ProjectConfig = { path: null, levels: {}, problems: [] };
const parsed = new Map<string, { text: string; config: ProjectConfig }>();

/** The config for a Dockerfile in `folder`: nearest `.dockscope.yaml`, else nearest `.hadolint.yaml`. */
export function findProjectConfig(folder: string, rules: readonly Rule[]): ProjectConfig {
  const file = findConfigFile(folder, readCached, { hadolint: true });
  if (file?.problem) return { path: file.path, levels: {}, problems: [file.problem] };
  return file ? configFromText(file.path, file.text, rules) : EMPTY;
}

/** Loads one config file; a hadolint file is recognised by its name. */
export function loadConfig(path: string, rules: readonly Rule[]): ProjectConfig {
  const text = readCached(path);
  if (text === null) return { path, levels: {}, problems: [`${path}: cannot be read`] };
  return configFromText(path, text, rules);
}

export function configFromText(path: string, text: string, rules: readonly Rule[]): ProjectConfig {
  const cached = parsed.get(path);
  if (cached && cached.text === text) return cached.config;
  const { data, problem } = readConfigDocument(path, text);
  const problems = problem ? [problem] : [];
  const hadolint = configKind(path) === 'hadolint';
  const levels = hadolint ? hadolintLevels(data, rules, problems, path) : dockscopeLevels(data, rules, problems, path);
  const config: ProjectConfig = { path, levels, problems };
  if (isObject(data)) {
    const registries = readRegistries(data, hadolint ? ['trustedRegistries'] : ['trustedRegistries', 'trusted-registries'], problems, path);
    if (registries) config.trustedRegistries = registries;
    const failLevel = readFailLevel(data, hadolint ? ['failure-threshold'] : ['failLevel', 'fail-level'], problems, path);
    if (failLevel) config.failLevel = failLevel;
    // hadolint's `no-fail: true` exits 0 whatever it finds.
    if (hadolint && data['no-fail'] === true) config.failLevel = 'none';
  }
  parsed.set(path, { text, config });
  return config;
}

function dockscopeLevels(data: unknown, rules: readonly Rule[], problems: string[], path: string): Record<string, RuleLevel> {
  const levels: Record<string, RuleLevel> = {};
  const section = isObject(data) ? data.rules : undefined;
  if (section === undefined) return levels;
  if (!isObject(section)) {
    problems.push(`${path}: "rules" must be a map of rule id to level (it is ${kindOf(section)}); ignored`);
    return levels;
  }
  const known = new Set(rules.map((rule) => rule.meta.id));
  for (const [id, level] of Object.entries(section)) {
    const value = level === false ? 'off' : level;
    const code = shellcheckCode(id);
    if (!known.has(id) && !code) problems.push(`${path}: unknown rule "${id}"`);
    else if (!isRuleLevel(value)) problems.push(`${path}: "${id}: ${String(level)}" is not one of off, hint, info, warning, error`);
    else levels[code ?? id] = value;
  }
  return levels;
}

function hadolintLevels(data: unknown, rules: readonly Rule[], problems: string[], path: string): Record<string, RuleLevel> {
  const levels: Record<string, RuleLevel> = {};
  if (!isObject(data)) return levels;
  const byCode = rulesByCode(rules);
  // hadolint rejects a file with the wrong shape; here the rest of it still applies, and the
  // user is told what was left out (one line, never the file's content).
  const apply = (codes: unknown, level: RuleLevel, where: string) => {
    if (codes === undefined || codes === null) return;
    if (!Array.isArray(codes)) {
      problems.push(`${path}: "${where}" must be a list of rule codes (it is ${kindOf(codes)}); ignored`);
      return;
    }
    for (const code of codes) {
      // hadolint passes `SC` codes on to ShellCheck: they set the level of ShellCheck's findings.
      const sc = shellcheckCode(String(code));
      if (sc) levels[sc] = level;
      for (const rule of byCode.get(String(code).toLowerCase()) ?? []) levels[rule.meta.id] = level;
    }
  };
  if (isObject(data.override)) {
    for (const [name, codes] of Object.entries(data.override)) {
      const level = HADOLINT_LEVELS[name];
      if (level) apply(codes, level, `override.${name}`);
      else problems.push(`${path}: unknown override level "${name}"`);
    }
  } else if (data.override !== undefined && data.override !== null) {
    problems.push(`${path}: "override" must be a map of level (error, warning, info, style) to rule codes (it is ${kindOf(data.override)}); ignored`);
  }
  apply(data.ignored, 'off', 'ignored');
  return levels;
}

function readRegistries(data: Record<string, unknown>, keys: string[], problems: string[], path: string): string[] | null {
  const key = keys.find((name) => data[name] !== undefined && data[name] !== null);
  if (!key) return null;
  const value = data[key];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string' && item.trim())) {
    problems.push(`${path}: "${key}" must be a list of registry names (docker.io, *.example.com)`);
    return null;
  }
  return value.map((item: string) => item.trim().toLowerCase());
}

function readFailLevel(data: Record<string, unknown>, keys: string[], problems: string[], path: string): FailLevel | null {
  const key = keys.find((name) => data[name] !== undefined && data[name] !== null);
  if (!key) return null;
  const level = typeof data[key] === 'string' ? parseFailLevel(data[key] as string) : null;
  if (!level) problems.push(`${path}: "${key}: ${String(data[key])}" is not one of error, warning, info, ${key === 'failure-threshold' ? 'style, ignore' : 'hint'}, none`);
  return level;
}

/** What a YAML value is, for a message (never the value itself). */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isObject(value)) return 'a map';
  return typeof value === 'string' ? 'a string' : typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'a boolean' : 'empty';
}

/** Rule lookup by id or alias (case-insensitive): `DL3019`, `JSONArgsRecommended`, `apk-no-cache`. */
const byCodeCache = new WeakMap<readonly Rule[], Map<string, Rule[]>>();

export function rulesByCode(rules: readonly Rule[]): Map<string, Rule[]> {
  const cached = byCodeCache.get(rules);
  if (cached) return cached;
  const map = new Map<string, Rule[]>();
  byCodeCache.set(rules, map);
  for (const rule of rules) {
    for (const code of [rule.meta.id, ...rule.meta.aliases]) {
      const key = code.toLowerCase();
      const list = map.get(key) ?? [];
      if (!list.includes(rule)) list.push(rule);
      map.set(key, list);
    }
  }
  return map;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
