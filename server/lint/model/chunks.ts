// Incremental parsing: the text is cut into chunks at instruction boundaries, each chunk is
// parsed by dockerfile-ast once and cached by its text, and re-used with its lines shifted. After
// a one-character edit only the edited instruction is parsed again.
import { DockerfileParser } from 'dockerfile-ast';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toInstruction } from './instructions';
import type { Flag, Heredoc, Instruction, Range, Word } from './types';

const KEYWORD_LINE = /^[ \t]*(add|arg|cmd|copy|entrypoint|env|expose|from|healthcheck|label|maintainer|onbuild|run|shell|stopsignal|user|volume|workdir)(\s|$)/i;
const HEREDOC = /<<(-?)\s*(["']?)([A-Za-z0-9_.-]+)\2/g;
const MAX_CACHED_CHUNKS = 4000;

interface Chunk {
  startLine: number;
  text: string;
}

const cache = new Map<string, Instruction[]>();

/** All instructions of `text`, equal to parsing it whole with dockerfile-ast. */
export function parseInstructions(text: string, escapeChar: string): Instruction[] {
  const instructions: Instruction[] = [];
  for (const chunk of chunksOf(text, escapeChar)) {
    const key = escapeChar + chunk.text;
    let parsed = cache.get(key);
    if (parsed) {
      cache.delete(key);
    } else {
      parsed = parseChunk(chunk.text, escapeChar);
      if (cache.size >= MAX_CACHED_CHUNKS) cache.delete(cache.keys().next().value as string);
    }
    cache.set(key, parsed);
    for (const instruction of parsed) instructions.push(shiftInstruction(instruction, chunk.startLine, instructions.length));
  }
  return instructions;
}

function parseChunk(text: string, escapeChar: string): Instruction[] {
  // The escape directive must reach the chunk; it costs one line, removed again below.
  const source = `# escape=${escapeChar}\n${text}`;
  const document = TextDocument.create('file:///chunk', 'dockerfile', 0, source);
  return DockerfileParser.parse(source).getInstructions()
    .map((node, index) => shiftInstruction(toInstruction(node, index, document, escapeChar), -1, index));
}

/**
 * Chunks start at a line that begins with an instruction keyword, is not inside a continued
 * instruction or a heredoc body; anything ambiguous stays in the previous chunk.
 */
function chunksOf(text: string, escapeChar: string): Chunk[] {
  // Lines as LSP counts them (a lone \r ends a line too), each with the break that ends it.
  const parts = text.split(/(\r\n|\r|\n)/);
  const lines: string[] = [];
  const breaks: string[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    lines.push(parts[i]);
    breaks.push(parts[i + 1] ?? '');
  }
  const join = (from: number, to: number) => lines.slice(from, to).map((l, i) => (from + i < to - 1 ? l + breaks[from + i] : l)).join('');
  const chunks: Chunk[] = [];
  let start = 0;
  let continued = false;
  let heredocs: Array<{ name: string; strip: boolean }> = [];
  for (let line = 0; line < lines.length; line++) {
    const content = lines[line];
    if (heredocs.length) {
      const candidate = heredocs[0].strip ? content.replace(/^\t+/, '') : content;
      if (candidate === heredocs[0].name) heredocs.shift();
      continue;
    }
    const trimmed = content.trim();
    if (continued && (trimmed === '' || trimmed.startsWith('#'))) continue;
    if (!continued && KEYWORD_LINE.test(content) && line > start) {
      chunks.push({ startLine: start, text: join(start, line) });
      start = line;
    }
    if (!continued && (trimmed === '' || trimmed.startsWith('#'))) continue;
    continued = content.trimEnd().endsWith(escapeChar);
    if (content.includes('<<')) {
      for (const match of content.matchAll(HEREDOC)) heredocs.push({ name: match[3], strip: match[1] === '-' });
    }
  }
  chunks.push({ startLine: start, text: join(start, lines.length) });
  return chunks;
}

function shiftRange(range: Range, delta: number): Range {
  return {
    start: { line: range.start.line + delta, character: range.start.character },
    end: { line: range.end.line + delta, character: range.end.character },
  };
}

function shiftOptional(range: Range | null, delta: number): Range | null {
  return range ? shiftRange(range, delta) : null;
}

function shiftWord(word: Word, delta: number): Word {
  return { value: word.value, range: shiftRange(word.range, delta) };
}

function shiftFlag(flag: Flag, delta: number): Flag {
  return {
    name: flag.name, value: flag.value, range: shiftRange(flag.range, delta), nameRange: shiftRange(flag.nameRange, delta),
    valueRange: shiftOptional(flag.valueRange, delta),
    options: flag.options.map((option) => ({ name: option.name, value: option.value, range: shiftRange(option.range, delta), valueRange: shiftOptional(option.valueRange, delta) })),
  };
}

function shiftHeredoc(heredoc: Heredoc, delta: number): Heredoc {
  return { ...heredoc, contentRange: shiftOptional(heredoc.contentRange, delta), range: shiftRange(heredoc.range, delta) };
}

/** A copy of the instruction moved by `delta` lines, renumbered; never mutates the cached one. */
function shiftInstruction(instruction: Instruction, delta: number, index: number): Instruction {
  return {
    index, keyword: instruction.keyword, rawKeyword: instruction.rawKeyword, stageIndex: -1, text: instruction.text,
    form: instruction.form,
    range: shiftRange(instruction.range, delta), keywordRange: shiftRange(instruction.keywordRange, delta),
    flags: instruction.flags.map((flag) => shiftFlag(flag, delta)),
    args: instruction.args.map((word) => shiftWord(word, delta)),
    argsRange: shiftOptional(instruction.argsRange, delta),
    json: instruction.json ? instruction.json.map((word) => shiftWord(word, delta)) : null,
    properties: instruction.properties.map((property) => ({
      name: property.name, value: property.value, range: shiftRange(property.range, delta),
      nameRange: shiftRange(property.nameRange, delta), valueRange: shiftOptional(property.valueRange, delta),
    })),
    heredocs: instruction.heredocs.map((heredoc) => shiftHeredoc(heredoc, delta)),
  };
}
