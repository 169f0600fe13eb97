// The README's rule table, generated from the catalog. `npx tsx scripts/rules-table.ts --write`
// rewrites the table between the markers; test/unit/catalog.test.ts fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Category, Rule } from '../lint/rule';
import { RULES } from '../lint/rules/catalog';

export const TABLE_START = '<!-- rules-table:start -->';
export const TABLE_END = '<!-- rules-table:end -->';

const CATEGORY_ORDER: Category[] = ['go', 'stages', 'base-images', 'layers', 'security', 'correctness'];
const CATEGORY_TITLE: Record<Category, string> = {
  go: 'Go builds', stages: 'Stages and runtime images', 'base-images': 'Base images', layers: 'Layers and build cache',
  security: 'Security', correctness: 'Correctness',
};

export function rulesTable(rules: readonly Rule[] = RULES): string {
  const rows = [...rules].sort((a, b) =>
    CATEGORY_ORDER.indexOf(a.meta.category) - CATEGORY_ORDER.indexOf(b.meta.category) || a.meta.id.localeCompare(b.meta.id));
  const lines = [
    `${rules.length} rules. Severity is the default (change it per rule in \`dockscope.rules\` or \`.dockscope.yaml\`); aliases are the hadolint codes and BuildKit checks a rule covers, so their ignore comments work too.`,
    '',
    '| Rule | Category | Severity | Aliases | Quick fix | What it flags |',
    '|---|---|---|---|---|---|',
  ];
  for (const { meta } of rows) {
    const severity = [meta.severityNote ?? meta.severity, meta.defaultOff && '(off by default)'].filter(Boolean).join(' ');
    const aliases = meta.aliases.length ? meta.aliases.map((alias) => `\`${alias}\``).join(', ') : '—';
    lines.push(`| [\`${meta.id}\`](docs/rules/${meta.id}.md) | ${CATEGORY_TITLE[meta.category]} | ${severity} | ${aliases} | ${meta.fixable ? 'yes' : '—'} | ${meta.description.replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n');
}

/** README text with the generated table between the markers (added after the Rules heading when missing). */
export function withRulesTable(readme: string, table = rulesTable()): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start >= 0 && end > start) return `${readme.slice(0, start + TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
  const marker = /^<!-- rules-table:[^\n]*-->$/m.exec(readme) ?? /^## Rules$/m.exec(readme);
  if (!marker) throw new Error('README.md has no "## Rules" section');
  const at = marker.index + marker[0].length;
  return `${readme.slice(0, at)}\n\n${TABLE_START}\n${table}\n${TABLE_END}${readme.slice(at)}`;
}

if (process.argv.includes('--write')) {
  const path = join(__dirname, '..', 'README.md');
  writeFileSync(path, withRulesTable(readFileSync(path, 'utf8')));
}
