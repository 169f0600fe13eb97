// The rule catalog: every rule, one import and one table entry each (keep the table sorted by id).
import type { Rule } from '../rule';
import { syntax } from './syntax';

export const RULES: readonly Rule[] = [
  syntax,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.meta.id, rule]));
