// Hovers: what each finding under the cursor means for the image (with its rule and docs link),
// and on a FROM line what the stage is built on (resolved base image, runtime traits, users).
import { MarkupKind, type Hover, type Position, type Range } from 'vscode-languageserver-types';
import type { Stage } from '../dockerfile/types';
import { ruleDocsUrl } from './rule';
import type { LintResult } from './service';

export function hover(result: LintResult, position: Position): Hover | null {
  const sections: string[] = [];
  let range: Range | null = null;
  // On an instruction's keyword, explain every finding of that instruction.
  const instruction = result.model.instructions.find((i) => contains(i.keywordRange, position));
  const inRange = (finding: LintResult['findings'][number]) => contains(finding.range, position)
    || (instruction !== undefined && finding.range.start.line >= instruction.range.start.line && finding.range.start.line <= instruction.range.end.line);
  for (const finding of result.findings) {
    if (!inRange(finding)) continue;
    const meta = finding.rule.meta;
    sections.push(`**${finding.severity}** · [${meta.id}](${ruleDocsUrl(meta.id)})${meta.aliases.length ? ` (${meta.aliases.join(', ')})` : ''}\n\n${escape(finding.message)}\n\n*${escape(meta.description)}*${finding.fixes?.length ? '\n\nQuick fix: ' + finding.fixes.map((fix) => escape(fix.title)).join(' · ') : ''}`);
    range ??= finding.range;
  }
  const stage = result.model.stages.find((s) => contains(s.from.range, position));
  if (stage && contains(stage.from.argsRange ?? stage.from.range, position)) sections.push(stageSummary(stage));
  if (!sections.length) return null;
  return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n---\n\n') }, range: range ?? undefined };
}

function stageSummary(stage: Stage): string {
  const name = stage.name ? `\`${stage.name}\`` : `#${stage.index}`;
  const image = stage.parent ? `stage \`${stage.parent.name ?? stage.parent.index}\`` : `\`${stage.image.resolved}\``;
  const traits: string[] = [];
  if (stage.image.unresolved) traits.push('base image depends on a build argument');
  if (stage.runtime.scratch) traits.push('empty base image: no shell, no libc, no CA certificates');
  else if (stage.runtime.shellLess) traits.push('no shell: only exec-form commands run');
  if (stage.runtime.staticOnly && !stage.runtime.scratch) traits.push('static binaries only');
  if (stage.runtime.musl) traits.push('musl libc');
  if (stage.runtime.golang) traits.push('Go toolchain image');
  const users = stage.referencedBy.map((ref) => `${ref.kind === 'from' ? 'FROM' : ref.kind === 'copy' ? 'COPY --from' : 'RUN --mount'} in line ${ref.instruction.range.start.line + 1}`);
  const lines = [`**Stage ${name}** (index ${stage.index}) built on ${image}`];
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
