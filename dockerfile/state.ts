// Per-instruction build state: variables (ARG/ENV), WORKDIR, USER and SHELL in effect before each
// instruction, following BuildKit's scoping (global ARGs only reach a stage when re-declared;
// ENV, WORKDIR, USER and SHELL are inherited from a parent stage; ENV wins over ARG).
import { posix } from 'node:path';
import { expandVariables } from './variables';
import type { Instruction, InstructionState, Scope, Stage, VariableValue } from './types';

const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];

const GLOBAL_STATE: Omit<InstructionState, 'vars'> = { workdir: '/', user: null, shell: DEFAULT_SHELL };

/** ARGs BuildKit fills in automatically when a stage declares them (`ARG TARGETOS`). */
const AUTOMATIC_ARGS = new Set([
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
]);

export function lookupIn(scope: Scope): (name: string) => string | null | undefined {
  return (name) => {
    const variable = scope.get(name);
    return variable === undefined ? undefined : variable.value;
  };
}

/** Global ARG scope: each ARG before the first FROM, defaults expanded with the earlier ones. */
export function globalScope(globalArgs: Instruction[], escapeChar: string, states: InstructionState[]): Map<string, VariableValue> {
  const scope = new Map<string, VariableValue>();
  for (const arg of globalArgs) {
    states[arg.index] = { ...GLOBAL_STATE, vars: new Map(scope) };
    for (const property of arg.properties) {
      scope.set(property.name, { value: expandValue(property.value, scope, escapeChar), source: 'ARG', instruction: arg });
    }
  }
  return scope;
}

/** Fills `states[instruction.index]` for every instruction of the stage; returns the state after it. */
export function stageStates(stage: Stage, parentEnd: InstructionState | null, globals: Scope, escapeChar: string, states: InstructionState[]): InstructionState {
  const inherited = new Map<string, VariableValue>();
  for (const [name, variable] of parentEnd?.vars ?? []) if (variable.source === 'ENV') inherited.set(name, variable);
  let state: InstructionState = {
    vars: inherited,
    workdir: parentEnd?.workdir ?? '/',
    user: parentEnd?.user ?? null,
    shell: parentEnd?.shell ?? DEFAULT_SHELL,
  };
  for (const instruction of stage.instructions) {
    states[instruction.index] = state;
    state = apply(instruction, state, globals, escapeChar);
  }
  return state;
}

function apply(instruction: Instruction, state: InstructionState, globals: Scope, escapeChar: string): InstructionState {
  switch (instruction.keyword) {
    case 'ENV':
    case 'ARG': {
      if (!instruction.properties.length) return state;
      const vars = new Map(state.vars);
      for (const property of instruction.properties) {
        if (instruction.keyword === 'ARG' && vars.get(property.name)?.source === 'ENV') continue;
        let value = expandValue(property.value, state.vars, escapeChar);
        if (instruction.keyword === 'ARG' && property.value === null) {
          const global = globals.get(property.name);
          value = global ? global.value : null;
          if (!global && AUTOMATIC_ARGS.has(property.name)) value = null;
        }
        vars.set(property.name, { value, source: instruction.keyword, instruction });
      }
      return { ...state, vars };
    }
    case 'WORKDIR': {
      const raw = instruction.args.map((arg) => arg.value).join(' ');
      if (!raw) return state;
      const expanded = expandVariables(raw, lookupIn(state.vars), escapeChar).value;
      return { ...state, workdir: posix.resolve(state.workdir, expanded) };
    }
    case 'USER':
      return instruction.args.length ? { ...state, user: expandVariables(instruction.args[0].value, lookupIn(state.vars), escapeChar).value } : state;
    case 'SHELL':
      return instruction.form === 'json' && instruction.json?.length ? { ...state, shell: instruction.json.map((word) => word.value) } : state;
    default:
      return state;
  }
}

function expandValue(value: string | null, scope: Scope, escapeChar: string): string | null {
  if (value === null) return null;
  const expanded = expandVariables(value, lookupIn(scope), escapeChar);
  return expanded.unresolved ? null : expanded.value;
}
