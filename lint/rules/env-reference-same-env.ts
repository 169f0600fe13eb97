// env-reference-same-env (DL3044): `ENV A=1 B=$A/x` — BuildKit expands every value of an ENV
// instruction with the variables as they were before it, so `$A` is not the `1` set beside it.
import type { Finding, Fix, Rule, RuleContext } from '../rule';
import type { Instruction, Property, Scope } from '../../dockerfile/types';
import { knownImageEnv } from '../util/imageEnv';
import { variableReferences } from '../util/variableRefs';

export const envReferenceSameEnv: Rule = {
  meta: {
    id: 'env-reference-same-env',
    category: 'correctness',
    severity: 'warning',
    aliases: ['DL3044'],
    description: 'ENV uses a variable set earlier in the same ENV: the reference gets the value from before the instruction, not the new one.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const instruction of ctx.model.withTriggers) {
      if (instruction.keyword !== 'ENV' || instruction.properties.length < 2) continue;
      findings.push(...checkEnv(ctx, instruction));
    }
    return findings;
  },
};

function checkEnv(ctx: RuleContext, instruction: Instruction): Finding[] {
  const findings: Finding[] = [];
  const properties = instruction.properties;
  const before = ctx.model.stateAt(instruction)?.vars;
  // Names set by the pairs since the last place the fix splits the instruction.
  let setHere = new Map<string, Property>();
  const splits: Property[] = [];
  for (const property of properties) {
    const hits = property.valueRange ? referencesTo(ctx, property, setHere) : [];
    if (hits.length) {
      splits.push(property);
      for (const hit of hits) {
        const earlier = setHere.get(hit.name)!;
        findings.push({
          range: hit.range,
          message: `$${hit.name} is expanded before this ENV sets ${hit.name}=${earlier.value ?? ''}: BuildKit expands the whole ENV at once, so $${hit.name} here is ${oldValue(ctx, instruction, hit.name, before)}. Set ${hit.name} in an ENV of its own first.`,
          related: [{ range: earlier.nameRange, message: `${hit.name} is set here, in the same ENV` }],
        });
      }
      setHere = new Map();
    }
    setHere.set(property.name, property);
  }
  const fix = splitFix(ctx, instruction, splits);
  if (fix) for (const finding of findings) finding.fixes = [fix];
  return findings;
}

/** What `$name` expands to in the ENV: its value from before the instruction, as far as known. */
function oldValue(ctx: RuleContext, instruction: Instruction, name: string, before: Scope | undefined): string {
  const old = before?.get(name);
  if (old) return old.value === null ? 'its value from before this ENV' : `"${old.value}", its value from before this ENV`;
  const stage = ctx.stageOf(instruction);
  const base = stage ? knownImageEnv(stage) : null;
  if (name === 'PATH' || base?.has(name)) return 'the base image\'s value';
  return base ? 'empty (nothing sets it before this ENV)' : `empty unless the base image sets it`;
}

/**
 * References in `property`'s value to a name in `names`, the names earlier pairs set (its own
 * name too: `PATH=/a:$PATH PATH=/b:$PATH` loses /a; `PATH=/a:$PATH` alone is fine).
 */
function referencesTo(ctx: RuleContext, property: Property, names: ReadonlyMap<string, Property>): Array<{ name: string; range: Finding['range'] }> {
  const raw = ctx.textOf(property.valueRange!);
  if (!raw.includes('$')) return [];
  const start = ctx.model.offsetAt(property.valueRange!.start);
  return variableReferences(raw, ctx.escapeChar)
    .filter((reference) => names.has(reference.name))
    .map((reference) => ({
      name: reference.name,
      range: { start: ctx.model.positionAt(start + reference.start), end: ctx.model.positionAt(start + reference.end) },
    }));
}

/**
 * Splits the ENV before each pair that uses a name set earlier in it: `ENV A=1 B=$A` becomes
 * `ENV A=1` and `ENV B=$A`, where `$A` is the new value (what the author meant; not `safe`,
 * since it changes the value). None for an ONBUILD trigger, whose lines read `ONBUILD ENV`.
 */
function splitFix(ctx: RuleContext, instruction: Instruction, splits: Property[]): Fix | null {
  if (!splits.length || ctx.model.instructions[instruction.index] !== instruction) return null;
  const indent = ctx.indentOf(instruction.range.start.line);
  const edits = [];
  for (const property of splits) {
    const index = instruction.properties.indexOf(property);
    const previous = instruction.properties[index - 1];
    const previousEnd = previous.valueRange?.end ?? previous.nameRange.end;
    edits.push(ctx.replace({ start: previousEnd, end: property.range.start }, `${ctx.eol}${indent}${instruction.rawKeyword} `));
  }
  return { title: 'Split the ENV so each variable is set before it is used', edits, preferred: true };
}
