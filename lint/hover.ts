// Hovers: for each finding under the cursor what the editor's own problem hover lacks (VS Code
// already shows the message and the rule id): the rule's page, the hadolint/BuildKit names and the
// fix on one line, each finding once; and on a FROM line what the stage is built on (resolved base
// image, runtime traits, users).
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver-types';
import { stageName } from '../dockerfile/stages';
import type { Stage } from '../dockerfile/types';
import { ruleDocsUrl } from './rule';
import type { LintResult } from './service';

export function hover(result: LintResult, position: Position): Hover | null {
  const findings: string[] = [];
  let range: Range | null = null;
  // On an instruction's keyword, explain every finding of that instruction.
  const instruction = result.model.instructions.find((i) => contains(i.keywordRange, position));
  const inRange = (finding: LintResult['findings'][number]) => contains(finding.range, position)
    || (instruction !== undefined && finding.range.start.line >= instruction.range.start.line && finding.range.start.line <= instruction.range.end.line);
  const seen = new Set<string>();
  for (const finding of result.findings) {
    if (!inRange(finding)) continue;
    const meta = finding.rule.meta;
    // The editor shows the message of a problem under the cursor; one elsewhere on the line it does not.
    const message = contains(finding.range, position) ? '' : `${escape(finding.message)} `;
    const fix = finding.fixes?.length ? `Quick fix: ${finding.fixes.map((fix) => escape(fix.title)).join(' · ')}` : 'no automatic fix';
    const line = `${message}[${meta.id}](${ruleDocsUrl(meta.id)})${meta.aliases.length ? ` (${meta.aliases.join(', ')})` : ''} · ${fix}`;
    if (seen.has(line)) continue;
    seen.add(line);
    findings.push(line);
    range ??= finding.range;
  }
  const sections = findings.length ? [findings.join('\n\n')] : [];
  const stage = result.model.stages.find((s) => contains(s.from.range, position));
  if (stage && contains(stage.from.argsRange ?? stage.from.range, position)) sections.push(stageSummary(stage));
  if (!sections.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: range ?? undefined };
}

function stageSummary(stage: Stage): string {
  const name = `\`${stageName(stage)}\``;
  const image = stage.parent ? `stage \`${stageName(stage.parent)}\`` : `\`${stage.image.resolved}\``;
  const traits: string[] = [];
  if (stage.image.unresolved) traits.push('base image depends on a build argument');
  if (stage.runtime.scratch) traits.push('empty base image: no shell, no libc, no CA certificates');
  else if (stage.runtime.shellLess) traits.push('no shell: only exec-form commands run');
  if (stage.runtime.staticOnly && !stage.runtime.scratch) traits.push('static binaries only');
  if (stage.runtime.musl) traits.push('musl libc');
  if (stage.runtime.golang) traits.push('Go toolchain image');
  const users = stage.referencedBy.map((ref) => `${ref.kind === 'from' ? 'FROM' : ref.kind === 'copy' ? 'COPY --from' : 'RUN --mount'} in line ${ref.instruction.range.start.line + 1}`);
  const lines = [`**Stage ${name}** built on ${image}`];
  if (traits.length) lines.push(traits.join(' · '));
  lines.push(users.length ? `Used by: ${users.join(', ')}` : 'Not referenced by another stage.');
  return lines.join('\n\n');
}

function contains(range: Range, position: Position): boolean {
  const afterStart = position.line > range.start.line || (position.line === range.start.line && position.character >= range.start.character);
  const beforeEnd = position.line < range.end.line || (position.line === range.end.line && position.character <= range.end.character);
  return afterStart && beforeEnd;
}

function escape(text: string): string {
  return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}
