// Variable expansion on hostile input: values that double at every ARG or ENV stop growing at a
// bound and count as unknown, instead of eating the language server's memory and time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from '../../../dockerfile/model';
import { expandVariables, MAX_EXPANSION } from '../../../dockerfile/variables';

test('an expansion past the bound is given up as unresolved, with the text as written', () => {
  const big = 'x'.repeat(MAX_EXPANSION);
  assert.deepEqual(expandVariables('${A}${A}', (name) => (name === 'A' ? big : undefined)), { value: '${A}${A}', unresolved: true });
  assert.deepEqual(expandVariables('${A}', (name) => (name === 'A' ? big : undefined)), { value: big, unresolved: false });
});

test('ARGs and ENVs that double thirty times are modelled as unknown values, not gigabytes', () => {
  for (const keyword of ['ARG', 'ENV']) {
    const lines = [`${keyword} V0=ab`];
    for (let i = 1; i <= 30; i++) lines.push(`${keyword} V${i}=\${V${i - 1}}\${V${i - 1}}`);
    const text = keyword === 'ARG' ? `${lines.join('\n')}\nFROM alpine:\${V30}\nARG V30\nRUN echo \${V30}\n` : `FROM alpine:3.20\n${lines.join('\n')}\nWORKDIR /data/\${V30}\n`;
    const model = buildModel(text);
    const stage = model.stages[0];
    const last = stage.instructions[stage.instructions.length - 1];
    const state = model.stateAt(last);
    const small = [...state.vars.values()].every((variable) => (variable.value ?? '').length <= MAX_EXPANSION);
    assert.ok(small, `${keyword}: no value beyond the bound`);
    assert.equal(state.vars.get('V30')?.value ?? null, null, `${keyword}: V30 is an unknown value`);
    if (keyword === 'ARG') assert.equal(stage.image.unresolved, true, 'the FROM image is unknown');
    else assert.ok(state.workdir.length <= MAX_EXPANSION + 10, 'WORKDIR stays small');
  }
});

test('pattern substitutions (${V/a/b}, ${V%x}, ${V#x}) are unknown values, not literal text', () => {
  const lookup = (name: string) => (name === 'P' ? 'linux/amd64' : undefined);
  for (const text of ['${P//\\//-}', '${P%/*}', '${P#linux/}', 'x-${P/linux/l}']) {
    assert.equal(expandVariables(text, lookup).unresolved, true, text);
  }
  assert.deepEqual(expandVariables('${P}', lookup), { value: 'linux/amd64', unresolved: false });
});

test('the word of ${V:+word} and ${V:-word} loses its quotes, as in BuildKit\'s lexer; escaped ones stay', () => {
  const lookup = (name: string) => (name === 'SET' ? 'yes' : name === 'EMPTY' ? '' : undefined);
  assert.deepEqual(expandVariables('exit-${SET:+"unsupported"}', lookup), { value: 'exit-unsupported', unresolved: false });
  assert.deepEqual(expandVariables("${EMPTY:-'supported'}", lookup), { value: 'supported', unresolved: false });
  assert.deepEqual(expandVariables('${EMPTY:-a\\"b}', lookup).value, 'a\\"b');
});
