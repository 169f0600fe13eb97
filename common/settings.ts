// Every Dockscope setting, typed, with its default, in one place. The client reads VS Code's
// configuration through one reader (client/shell/settings.ts) that turns it into these objects;
// the language server and the CLI only ever receive them. A test checks that package.json's
// `contributes.configuration` declares exactly these keys with these defaults.

export type RuleLevel = 'off' | 'hint' | 'info' | 'warning' | 'error';
export const RULE_LEVELS: readonly RuleLevel[] = ['off', 'hint', 'info', 'warning', 'error'];

/** What the linter needs for one Dockerfile. */
export interface LintSettings {
  enable: boolean;
  /** Per-rule level overrides, keyed by rule id. Applied after `.dockscope.yaml`. */
  rules: Record<string, RuleLevel>;
  /** Absolute build context folder; empty means the Dockerfile's folder. */
  buildContext: string;
}

export const DEFAULT_LINT_SETTINGS: LintSettings = { enable: true, rules: {}, buildContext: '' };

export type SortOrder = 'size' | 'name' | 'created';
export const SORT_ORDERS: readonly SortOrder[] = ['size', 'name', 'created'];

export type LogLevelName = 'error' | 'warn' | 'info' | 'debug' | 'trace';
export const LOG_LEVELS: readonly LogLevelName[] = ['error', 'warn', 'info', 'debug', 'trace'];

/** Every setting of the extension, by section. */
export interface DockscopeSettings {
  lint: LintSettings;
  /** `dockscope.docker.host`: the daemon endpoint; empty = DOCKER_HOST, the CLI context, the default socket. */
  docker: { host: string };
  layers: { sortBy: SortOrder; showDangling: boolean };
  build: { network: string; historySize: number };
  inlineHints: { enable: boolean };
  logLevel: LogLevelName;
}

/**
 * The keys as VS Code knows them (`dockscope.<key>`), with their defaults; `trace.server` is read
 * by the language client library itself.
 */
export const SETTING_DEFAULTS = {
  'lint.enable': true,
  rules: {},
  buildContext: '',
  'docker.host': '',
  'layers.sortBy': 'created',
  'layers.showDangling': false,
  'build.network': 'default',
  'build.historySize': 10,
  'inlineHints.enable': true,
  logLevel: 'info',
  'trace.server': 'off',
} as const;

export type SettingKey = keyof typeof SETTING_DEFAULTS;

export function isRuleLevel(value: unknown): value is RuleLevel {
  return typeof value === 'string' && (RULE_LEVELS as readonly string[]).includes(value);
}

export function isSortOrder(value: unknown): value is SortOrder {
  return typeof value === 'string' && (SORT_ORDERS as readonly string[]).includes(value);
}

export function isLogLevelName(value: unknown): value is LogLevelName {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

/** Validates untrusted input (settings.json, workspace/configuration replies) into LintSettings. */
export function toLintSettings(raw: unknown): LintSettings {
  const source = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleLevel> = {};
  if (typeof source.rules === 'object' && source.rules !== null) {
    for (const [id, level] of Object.entries(source.rules as Record<string, unknown>)) {
      if (isRuleLevel(level)) rules[id] = level;
    }
  }
  return {
    enable: typeof source.enable === 'boolean' ? source.enable : DEFAULT_LINT_SETTINGS.enable,
    rules,
    buildContext: typeof source.buildContext === 'string' ? source.buildContext : '',
  };
}

/**
 * Validates every section from a getter of raw values by key (VS Code's `config.get(key)`); a
 * missing or malformed value falls back to its default, never to something surprising.
 */
export function toDockscopeSettings(get: (key: SettingKey) => unknown): DockscopeSettings {
  const text = (key: SettingKey, fallback: string) => {
    const value = get(key);
    return typeof value === 'string' ? value : fallback;
  };
  const flag = (key: SettingKey, fallback: boolean) => {
    const value = get(key);
    return typeof value === 'boolean' ? value : fallback;
  };
  const sortBy = get('layers.sortBy');
  const logLevel = get('logLevel');
  const historySize = get('build.historySize');
  return {
    lint: toLintSettings({ enable: get('lint.enable'), rules: get('rules'), buildContext: get('buildContext') }),
    docker: { host: text('docker.host', SETTING_DEFAULTS['docker.host']).trim() },
    layers: {
      sortBy: isSortOrder(sortBy) ? sortBy : SETTING_DEFAULTS['layers.sortBy'],
      showDangling: flag('layers.showDangling', SETTING_DEFAULTS['layers.showDangling']),
    },
    build: {
      network: text('build.network', SETTING_DEFAULTS['build.network']).trim() || SETTING_DEFAULTS['build.network'],
      // Kept between 1 and 100 builds per Dockerfile, whatever was typed.
      historySize: typeof historySize === 'number' && Number.isFinite(historySize)
        ? Math.max(1, Math.min(100, Math.floor(historySize))) : SETTING_DEFAULTS['build.historySize'],
    },
    inlineHints: { enable: flag('inlineHints.enable', SETTING_DEFAULTS['inlineHints.enable']) },
    logLevel: isLogLevelName(logLevel) ? logLevel : SETTING_DEFAULTS.logLevel,
  };
}
