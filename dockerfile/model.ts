// Builds the DockerfileModel from text: instructions, directives, stages with resolved base
// images and runtime traits, the stage graph, per-instruction state, and lazily parsed shell.
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseInstructions } from './chunks';
import { NO_TRAITS, parseImageRef, runtimeTraits } from './image';
import { cachedShell, uncachedShell } from './shellCache';
import type { ShellScript } from './shell';
import { globalScope, lookupIn, stageStates } from './state';
import { detectEol } from './text';
import { expandVariables } from './variables';
import type { DockerfileModel, Instruction, InstructionState, ParserDirective, Stage, StageReference } from './types';
import { escapeCharOf, parseDirectives } from './directives';

export interface ModelOptions {
  /** Build target (`--target`): the stage that is the final image. */
  target?: string;
  /**
   * Keep parsed instructions and shell scripts for the next lint of an edited text (default true:
   * the language server); false when each text is linted once (the CLI).
   */
  reuse?: boolean;
}

export function buildModel(text: string, options: ModelOptions = {}): DockerfileModel {
  const document = TextDocument.create('file:///Dockerfile', 'dockerfile', 0, text);
  const directives: ParserDirective[] = parseDirectives(text);
  const escapeChar = escapeCharOf(directives);
  const instructions = parseInstructions(text, escapeChar, { reuse: options.reuse });

  const globalArgs: Instruction[] = [];
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') stages.push(newStage(stages.length, instruction));
    const stage = stages[stages.length - 1];
    if (!stage) {
      if (instruction.keyword === 'ARG') globalArgs.push(instruction);
      continue;
    }
    instruction.stageIndex = stage.index;
    if (instruction.trigger) instruction.trigger.stageIndex = stage.index;
    if (instruction !== stage.from) stage.instructions.push(instruction);
  }

  const states: InstructionState[] = new Array(instructions.length);
  const globals = globalScope(globalArgs, escapeChar, states);
  const stageByName = new Map<string, Stage>();
  const stageEnd: InstructionState[] = [];
  for (const stage of stages) {
    resolveBaseImage(stage, globals, escapeChar);
    const parent = stage.image.unresolved ? undefined : stageByName.get(stage.image.resolved.toLowerCase());
    if (parent && !stage.image.tag && !stage.image.digest) {
      stage.parent = parent;
      stage.runtime = parent.runtime;
      addReference(stage, { kind: 'from', ref: stage.image.raw, range: stage.image.range, instruction: stage.from, target: parent });
    } else {
      stage.runtime = runtimeTraits(stage.image);
    }
    stageEnd[stage.index] = stageStates(stage, stage.parent ? stageEnd[stage.parent.index] : null, globals, escapeChar, states);
    if (stage.name && !stageByName.has(stage.name)) stageByName.set(stage.name, stage);
  }

  const stageByRef = (ref: string): Stage | null => {
    if (/^\d+$/.test(ref)) return stages[Number(ref)] ?? null;
    return stageByName.get(ref.toLowerCase()) ?? null;
  };
  for (const stage of stages) collectReferences(stage, stageByRef, states, escapeChar);

  const target = options.target ? stageByRef(options.target) : null;
  // Keyed by the instruction: an ONBUILD trigger shares its ONBUILD's index.
  const shells = new Map<Instruction, ShellScript>();
  const model: DockerfileModel = {
    text, eol: detectEol(text), escapeChar, lines: text.split(/\r\n|\r|\n/), directives, instructions, globalArgs, stages,
    withTriggers: instructions.flatMap((instruction) => (instruction.trigger ? [instruction, instruction.trigger] : [instruction])),
    finalStage: target ?? stages[stages.length - 1] ?? null,
    offsetAt: (position) => document.offsetAt(position),
    positionAt: (offset) => document.positionAt(offset),
    stageByRef,
    stateAt: (instruction) => states[instruction.index],
    expand: (value, instruction) => expandVariables(value, lookupIn(states[instruction.index]?.vars ?? globals), escapeChar),
    shellOf: (instruction) => {
      if (instruction.form !== 'shell') return null;
      let script = shells.get(instruction);
      if (!script) {
        const pipefail = states[instruction.index]?.shell.includes('pipefail') ?? false;
        script = options.reuse === false ? uncachedShell(instruction, escapeChar, pipefail) : cachedShell(instruction, escapeChar, pipefail);
        shells.set(instruction, script);
      }
      return script;
    },
  };
  return model;
}

function newStage(index: number, from: Instruction): Stage {
  const args = from.args;
  const hasName = args.length >= 3 && args[1].value.toUpperCase() === 'AS';
  const imageWord = args[0] ?? { value: '', range: from.keywordRange };
  return {
    index, from, instructions: [], parent: null, references: [], referencedBy: [], runtime: NO_TRAITS,
    name: hasName ? args[2].value.toLowerCase() : null,
    nameRange: hasName ? args[2].range : null,
    image: parseImageRef(imageWord.value, imageWord.value, false, imageWord.range),
  };
}

function resolveBaseImage(stage: Stage, globals: ReadonlyMap<string, { value: string | null }>, escapeChar: string): void {
  const raw = stage.image.raw;
  const expanded = expandVariables(raw, (name) => globals.get(name)?.value, escapeChar);
  stage.image = parseImageRef(raw, expanded.value, expanded.unresolved, stage.image.range);
}

function addReference(stage: Stage, reference: StageReference): void {
  stage.references.push(reference);
  reference.target?.referencedBy.push(reference);
}

function collectReferences(stage: Stage, stageByRef: (ref: string) => Stage | null, states: InstructionState[], escapeChar: string): void {
  for (const instruction of stage.instructions) {
    const expand = (value: string) => expandVariables(value, lookupIn(states[instruction.index].vars), escapeChar);
    if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') {
      for (const flag of instruction.flags) {
        if (flag.name !== 'from' || !flag.value || !flag.valueRange) continue;
        const ref = expand(flag.value);
        if (ref.unresolved) continue;
        addReference(stage, { kind: 'copy', ref: ref.value, range: flag.valueRange, instruction, target: stageByRef(ref.value) });
      }
    }
    if (instruction.keyword === 'RUN') {
      for (const flag of instruction.flags) {
        if (flag.name !== 'mount') continue;
        const from = flag.options.find((option) => option.name === 'from');
        if (!from?.value || !from.valueRange) continue;
        const ref = expand(from.value);
        if (ref.unresolved) continue;
        addReference(stage, { kind: 'mount', ref: ref.value, range: from.valueRange, instruction, target: stageByRef(ref.value) });
      }
    }
  }
}
