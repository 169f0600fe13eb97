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
  /** `dockscope.lint.duplicates`: hide findings an active neighbour (below) reports too. */
  duplicates: DuplicatesMode;
  /** The other Dockerfile language servers active in the editor, found by the client; none in the CLI. */
  neighbours: Neighbour[];
  /**
   * `dockscope.shellcheck.path` (CLI `--shellcheck`/`--no-shellcheck`): the ShellCheck binary for RUN
   * scripts; a bare name is looked up on PATH, `off` or empty: never run.
   */
  shellcheck: string;
}

export const DEFAULT_LINT_SETTINGS: LintSettings = { enable: true, rules: {}, buildContext: '', duplicates: 'hide', neighbours: [], shellcheck: 'shellcheck' };

export type DuplicatesMode = 'hide' | 'show';
export const DUPLICATES_MODES: readonly DuplicatesMode[] = ['hide', 'show'];

/** `dockscope.editor.languageFeatures`: `auto` = on unless another Dockerfile language server is active. */
export type LanguageFeaturesMode = 'auto' | 'on' | 'off';
export const LANGUAGE_FEATURES_MODES: readonly LanguageFeaturesMode[] = ['auto', 'on', 'off'];

/** Other extensions that run a Dockerfile language server (completion, hovers, their own diagnostics). */
export type Neighbour = 'docker-dx' | 'container-tools' | 'docker';
export const NEIGHBOURS: Readonly<Record<Neighbour, { extensionId: string; name: string }>> = {
  'docker-dx': { extensionId: 'docker.docker', name: 'Docker DX' },
  'container-tools': { extensionId: 'ms-azuretools.vscode-containers', name: 'Container Tools' },
  docker: { extensionId: 'ms-azuretools.vscode-docker', name: 'Docker (ms-azuretools)' },
};

/**
 * What the language server needs for the editing features (completion, hover docs, formatting,
 * rename, …); the client resolves `auto` against the neighbours it sees.
 */
export interface EditorSettings {
  languageFeatures: boolean;
}

export const DEFAULT_EDITOR_SETTINGS: EditorSettings = { languageFeatures: true };

export type SortOrder = 'size' | 'name' | 'created';
export const SORT_ORDERS: readonly SortOrder[] = ['size', 'name', 'created'];

export type LogLevelName = 'error' | 'warn' | 'info' | 'debug' | 'trace';
export const LOG_LEVELS: readonly LogLevelName[] = ['error', 'warn', 'info', 'debug', 'trace'];

/** Every setting of the extension, by section. */
export interface DockscopeSettings {
  lint: LintSettings;
  /**
   * `dockscope.docker.host`: the daemon endpoint; empty = DOCKER_HOST, the CLI context, the default
   * socket. The TLS files (paths; empty = DOCKER_CERT_PATH's when TLS is on) and tlsVerify (false
   * is the only way to skip checking the daemon's certificate) apply to tcp:// endpoints.
   * timeoutSeconds bounds each request (`dockscope.docker.timeoutSeconds`).
   */
  docker: { host: string; timeoutSeconds: number; tlsVerify: boolean; tlsCaCert: string; tlsCert: string; tlsKey: string };
  layers: { sortBy: SortOrder; showDangling: boolean };
  build: { network: string; historySize: number };
  inlineHints: { enable: boolean };
  editor: { languageFeatures: LanguageFeaturesMode };
  logLevel: LogLevelName;
}

/**
 * The keys as VS Code knows them (`dockscope.<key>`), with their defaults; `trace.server` is read
 * by the language client library itself.
 */
export const SETTING_DEFAULTS = {
  'lint.enable': true,
  'lint.duplicates': 'hide',
  'shellcheck.path': 'shellcheck',
  'editor.languageFeatures': 'auto',
  rules: {},
  buildContext: '',
  'docker.host': '',
  'docker.timeoutSeconds': 60,
  'docker.tlsVerify': true,
  'docker.tlsCaCert': '',
  'docker.tlsCert': '',
  'docker.tlsKey': '',
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

function isNeighbour(value: unknown): value is Neighbour {
  return typeof value === 'string' && Object.hasOwn(NEIGHBOURS, value);
}

/** The language features are on unless switched off, or `auto` and a neighbour already offers them. */
export function resolveLanguageFeatures(mode: LanguageFeaturesMode, neighbours: readonly Neighbour[]): boolean {
  return mode === 'on' || (mode === 'auto' && neighbours.length === 0);
}

/** Validates a `workspace/configuration` reply for the editor section. */
export function toEditorSettings(raw: unknown): EditorSettings {
  const source = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return { languageFeatures: typeof source.languageFeatures === 'boolean' ? source.languageFeatures : DEFAULT_EDITOR_SETTINGS.languageFeatures };
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
    duplicates: (DUPLICATES_MODES as readonly unknown[]).includes(source.duplicates) ? source.duplicates as DuplicatesMode : DEFAULT_LINT_SETTINGS.duplicates,
    neighbours: Array.isArray(source.neighbours) ? [...new Set(source.neighbours.filter(isNeighbour))] : [],
    shellcheck: typeof source.shellcheck === 'string' ? source.shellcheck : DEFAULT_LINT_SETTINGS.shellcheck,
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
  const timeoutSeconds = get('docker.timeoutSeconds');
  const languageFeatures = get('editor.languageFeatures');
  return {
    lint: toLintSettings({
      enable: get('lint.enable'), rules: get('rules'), buildContext: get('buildContext'), duplicates: get('lint.duplicates'), shellcheck: get('shellcheck.path'),
    }),
    docker: {
      host: text('docker.host', SETTING_DEFAULTS['docker.host']).trim(),
      // At least a second: a smaller value would fail every request on a busy machine.
      timeoutSeconds: typeof timeoutSeconds === 'number' && Number.isFinite(timeoutSeconds) ? Math.max(1, timeoutSeconds) : SETTING_DEFAULTS['docker.timeoutSeconds'],
      tlsVerify: flag('docker.tlsVerify', SETTING_DEFAULTS['docker.tlsVerify']),
      tlsCaCert: text('docker.tlsCaCert', SETTING_DEFAULTS['docker.tlsCaCert']).trim(),
      tlsCert: text('docker.tlsCert', SETTING_DEFAULTS['docker.tlsCert']).trim(),
      tlsKey: text('docker.tlsKey', SETTING_DEFAULTS['docker.tlsKey']).trim(),
    },
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
    editor: {
      languageFeatures: (LANGUAGE_FEATURES_MODES as readonly unknown[]).includes(languageFeatures)
        ? languageFeatures as LanguageFeaturesMode : SETTING_DEFAULTS['editor.languageFeatures'],
    },
    logLevel: isLogLevelName(logLevel) ? logLevel : SETTING_DEFAULTS.logLevel,
  };
}
