// Outline: global ARGs, then each stage (named by its `AS` name or index) with its instructions.
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import { stageName } from '../dockerfile/stages';
import type { DockerfileModel, Instruction } from '../dockerfile/types';

export function documentSymbols(model: DockerfileModel): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = model.globalArgs.map((arg) => instructionSymbol(arg, SymbolKind.Variable));
  for (const stage of model.stages) {
    const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
    const range = { start: stage.from.range.start, end: last.range.end };
    const name = stageName(stage);
    const detail = stage.image.resolved || stage.image.raw;
    const children = stage.instructions.map((instruction) => instructionSymbol(instruction, kindOf(instruction)));
    symbols.push(DocumentSymbol.create(name, detail, SymbolKind.Class, range, stage.nameRange ?? stage.from.keywordRange, children));
  }
  return symbols;
}

function instructionSymbol(instruction: Instruction, kind: SymbolKind): DocumentSymbol {
  const args = instruction.text.slice(instruction.rawKeyword.length).replace(/\s+/g, ' ').trim();
  const detail = args.length > 80 ? `${args.slice(0, 79)}…` : args;
  return DocumentSymbol.create(instruction.keyword, detail, kind, instruction.range, instruction.keywordRange);
}

function kindOf(instruction: Instruction): SymbolKind {
  switch (instruction.keyword) {
    case 'ARG':
    case 'ENV':
      return SymbolKind.Variable;
    case 'CMD':
    case 'ENTRYPOINT':
    case 'HEALTHCHECK':
      return SymbolKind.Event;
    case 'EXPOSE':
      return SymbolKind.Interface;
    case 'LABEL':
      return SymbolKind.Property;
    default:
      return SymbolKind.Function;
  }
}
