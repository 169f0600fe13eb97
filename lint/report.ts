// Output formats of `dockscope lint`: the stable JSON shape, SARIF 2.1.0 (GitHub code
// scanning), and compact text. Pure functions over lint results, so tests check them directly.
import { VERSION } from '../common/version';
import type { RuleFinding } from './engine';
import { ruleDocsUrl, SEVERITY_RANK, type FindingOrigin, type Rule, type Severity } from './rule';
import { printable } from '../common/format';

export interface FileReport {
  /** The path as given on the command line (or found under a given folder). */
  path: string;
  findings: RuleFinding[];
}

export function toJsonReport(files: FileReport[]): string {
  return JSON.stringify({
    version: 1,
    files: files.map((file) => ({
      path: file.path,
      findings: file.findings.map((finding) => ({
        rule: finding.rule.meta.id,
        severity: finding.severity,
        message: finding.message,
        line: finding.range.start.line + 1,
        column: finding.range.start.character + 1,
        endLine: finding.range.end.line + 1,
        endColumn: finding.range.end.character + 1,
        fixable: Boolean(finding.fixes?.length),
      })),
    })),
  });
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function toSarifReport(files: FileReport[], catalog: readonly Rule[]): string {
  // The catalog, then the ShellCheck codes that were found (each a rule of its own in SARIF).
  const rules: FindingOrigin[] = [...catalog];
  const ruleIndex = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  for (const file of files) {
    for (const { rule } of file.findings) {
      if (ruleIndex.has(rule.meta.id)) continue;
      ruleIndex.set(rule.meta.id, rules.length);
      rules.push(rule);
    }
  }
  const region = (range: RuleFinding['range']) => ({
    startLine: range.start.line + 1, startColumn: range.start.character + 1,
    endLine: range.end.line + 1, endColumn: range.end.character + 1,
  });
  const location = (path: string, range: RuleFinding['range']) => ({
    physicalLocation: { artifactLocation: { uri: sarifUri(path), uriBaseId: '%SRCROOT%' }, region: region(range) },
  });
  const results = files.flatMap((file) => file.findings.map((finding) => {
    const result: Record<string, unknown> = {
      ruleId: finding.rule.meta.id,
      ruleIndex: ruleIndex.get(finding.rule.meta.id) ?? -1,
      level: SARIF_LEVEL[finding.severity],
      message: { text: finding.message },
      locations: [location(file.path, finding.range)],
    };
    if (finding.related?.length) {
      result.relatedLocations = finding.related.map((related, id) => ({ id, ...location(file.path, related.range), message: { text: related.message } }));
    }
    return result;
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'dockscope',
          version: VERSION,
          semanticVersion: VERSION,
          informationUri: 'https://github.com/dockscope/dockscope',
          rules: rules.map((rule) => ({
            id: rule.meta.id,
            name: pascalCase(rule.meta.id),
            shortDescription: { text: rule.meta.description },
            fullDescription: { text: rule.meta.description },
            helpUri: ruleDocsUrl(rule.meta.id),
            help: { text: `${rule.meta.description} See ${ruleDocsUrl(rule.meta.id)}`, markdown: `${rule.meta.description} [Details](${ruleDocsUrl(rule.meta.id)})` },
            defaultConfiguration: { level: SARIF_LEVEL[rule.meta.severity], enabled: !rule.meta.defaultOff },
            properties: { tags: [rule.meta.category, ...rule.meta.aliases], precision: 'high' },
          })),
        },
      },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
  return JSON.stringify(sarif, null, 2);
}

function sarifUri(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').split('/').map(encodeURIComponent).join('/');
}

function pascalCase(id: string): string {
  return id.split('-').map((part) => part.charAt(0).toUpperCase() + part.slice(1)).join('');
}

const COLOURS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', info: '\x1b[36m', hint: '\x1b[2m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** `path:line:col: severity message [rule]` per finding, then a summary line. */
export function toTextReport(files: FileReport[], colour: boolean): string {
  const paint = (code: string, text: string) => (colour ? `${code}${text}${RESET}` : text);
  const lines: string[] = [];
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const file of files) {
    for (const finding of file.findings) {
      counts[finding.severity]++;
      const where = printable(`${file.path}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`);
      const fixable = finding.fixes?.length ? paint(DIM, ' (fixable)') : '';
      lines.push(`${paint(DIM, where)} ${paint(COLOURS[finding.severity], finding.severity)} ${printable(finding.message.replace(/\n/g, ' '))} ${paint(DIM, `[${finding.rule.meta.id}]`)}${fixable}`);
    }
  }
  const total = counts.error + counts.warning + counts.info + counts.hint;
  const parts = (Object.keys(counts) as Severity[]).filter((s) => counts[s]).map((s) => `${counts[s]} ${s}${counts[s] === 1 || s === 'info' ? '' : 's'}`);
  lines.push(total
    ? `${total} finding${total === 1 ? '' : 's'} in ${files.length} file${files.length === 1 ? '' : 's'} (${parts.join(', ')})`
    : `No findings in ${files.length} file${files.length === 1 ? '' : 's'}.`);
  return lines.join('\n');
}

/** True when any finding is at or above `level` (`none`: never). */
export function failsAt(files: FileReport[], level: Severity | 'none'): boolean {
  if (level === 'none') return false;
  return files.some((file) => file.findings.some((finding) => SEVERITY_RANK[finding.severity] >= SEVERITY_RANK[level]));
}
