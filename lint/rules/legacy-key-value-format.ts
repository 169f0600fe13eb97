// legacy-key-value-format: `ENV key value` / `LABEL key value`, the legacy whitespace-separated form
// that sets one variable to the rest of the line.
import type { Finding, Fix, Rule, RuleContext } from '../rule';
import type { Instruction, Property } from '../../dockerfile/types';

export const legacyKeyValueFormat: Rule = {
  meta: {
    id: 'legacy-key-value-format',
    category: 'correctness',
    severity: 'info',
    aliases: ['LegacyKeyValueFormat'],
    description: 'ENV or LABEL in the legacy "key value" form: write "key=value" (the legacy form is deprecated and takes the whole rest of the line).',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of ctx.model.instructions) {
      if (instruction.keyword !== 'ENV' && instruction.keyword !== 'LABEL') continue;
      for (const property of instruction.properties) {
        if (!property.valueRange || ctx.textOf({ start: property.nameRange.end, end: property.valueRange.start }).includes('=')) continue;
        const fix = equalsFix(ctx, instruction, property);
        findings.push({
          range: property.nameRange,
          message: `${instruction.rawKeyword} ${property.name} uses the legacy "key value" form: it sets ${property.name} to the whole rest of the line; write "${instruction.rawKeyword} ${property.name}=value".`,
          fixes: fix ? [fix] : [],
        });
      }
    }
    return findings;
  },
};

/** `key value` → `key=value` (`key="the rest"` when it has spaces); none when quotes or escapes would change meaning. */
function equalsFix(ctx: RuleContext, instruction: Instruction, property: Property): Fix | null {
  if (!property.valueRange) return null;
  const raw = ctx.textOf(property.valueRange);
  if (!raw || /["'`\\]/.test(raw) || raw.includes(ctx.escapeChar)) return null;
  const value = /\s/.test(raw) ? `"${raw}"` : raw;
  return {
    title: `Write ${instruction.rawKeyword} ${property.name}=${value}`,
    edits: [ctx.replace({ start: property.nameRange.end, end: property.valueRange.end }, `=${value}`)],
    preferred: true,
    safe: true,
  };
}
