// The contract between the engine and each rule (one file per rule under ./rules).
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { RULE_DOCS_BASE } from '../common/protocol';
import type { RuleContext } from './ruleContext';
import { shellcheckCode, shellcheckWikiUrl } from './shellcheck/codes';

export type { RuleContext };
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type Category = 'go' | 'stages' | 'base-images' | 'layers' | 'security' | 'correctness';

export interface RuleMeta {
  /** Stable kebab-case id: the contract for settings, pragmas, CLI output and docs. */
  id: string;
  category: Category;
  /** Default severity; a finding may override it (e.g. error on scratch, warning on alpine). */
  severity: Severity;
  /** hadolint codes (`DL3019`) and BuildKit check names (`JSONArgsRecommended`) this rule covers. */
  aliases: string[];
  /** One line for docs, hovers, SARIF rule metadata. */
  description: string;
  /** True when at least one finding offers a quick fix. */
  fixable: boolean;
  /** Off unless enabled in settings / .dockscope.yaml. */
  defaultOff?: boolean;
  /** When findings do not all have the default severity: which get which (shown in the rules table). */
  severityNote?: string;
}

export interface Finding {
  /** The offending word or flag, never the whole file. */
  range: Range;
  /** What happens to the image or build if left as is. */
  message: string;
  severity?: Severity;
  /** Other places that matter (e.g. the `go build` line for a runtime-stage finding). */
  related?: Array<{ range: Range; message: string }>;
  fixes?: Fix[];
}

export interface Fix {
  title: string;
  /** Edits of the Dockerfile itself. */
  edits: TextEdit[];
  /** The one obvious fix: editors apply it with the quick-fix shortcut. */
  preferred?: boolean;
  /** Mechanical and behaviour-preserving: eligible for `source.fixAll.dockscope`. */
  safe?: boolean;
  /**
   * New files, relative to the build context (e.g. `.dockerignore`). With `append`, the content
   * goes at the end of the file when it already exists (e.g. entries added to `.dockerignore`).
   */
  createFiles?: Array<{ path: string; content: string; append?: boolean }>;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): Finding[];
}

/** Where a reported finding comes from: a catalog rule, or a ShellCheck code (lint/shellcheck). */
export type FindingOrigin = Pick<Rule, 'meta'>;

export function ruleDocsUrl(id: string): string {
  const code = shellcheckCode(id);
  if (code) return shellcheckWikiUrl(code);
  return `${RULE_DOCS_BASE}/${id}.md`;
}

export const SEVERITY_RANK: Record<Severity, number> = { hint: 0, info: 1, warning: 2, error: 3 };
