// Settings shared by the client (which reads VS Code's configuration) and the language server
// and CLI (which only ever receive this typed object). One place defines names and defaults.

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

export function isRuleLevel(value: unknown): value is RuleLevel {
  return typeof value === 'string' && (RULE_LEVELS as readonly string[]).includes(value);
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
