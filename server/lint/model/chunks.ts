// Incremental parsing: the text is cut into chunks at instruction boundaries, each chunk is
// parsed by dockerfile-ast once and cached by its text, and re-used with its lines shifted. After
// a one-character edit only the edited instruction is parsed again.
import { DockerfileParser } from 'dockerfile-ast';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toInstruction } from './instructions';
import type { Flag, Heredoc, Instruction, Range, Word } from './types';

const KEYWORD_LINE = /^[ \t]*(add|arg|cmd|copy|entrypoint|env|expose|from|healthcheck|label|maintainer|onbuild|run|shell|stopsignal|user|volume|workdir)(\s|$)/i;
/** dockerfile-ast reads heredocs only for these (also as an ONBUILD trigger). */
const HEREDOC_KEYWORDS = new Set(['ADD', 'COPY', 'RUN']);
const MAX_CACHED_CHUNKS = 16000;
/** Cached instructions cost 20–50 bytes per chunk character: cap the text they stand for (≤ ~50 MB). */
const MAX_CACHED_CHARS = 1_000_000;

interface Chunk {
  startLine: number;
  text: string;
}

const caches = new Map<string, Map<string, Instruction[]>>();
let cachedChars = 0;

function remember(cache: Map<string, Instruction[]>, key: string, instructions: Instruction[]): void {
  if (!cache.has(key)) cachedChars += key.length;
  cache.set(key, instructions);
  while (cache.size > 1 && (cache.size > MAX_CACHED_CHUNKS || cachedChars > MAX_CACHED_CHARS)) {
    const oldest = cache.keys().next().value as string;
    cache.delete(oldest);
    cachedChars -= oldest.length;
  }
}

/** All instructions of `text`, equal to parsing it whole with dockerfile-ast. */
export function parseInstructions(text: string, escapeChar: string, options: { fill?: 'auto' | 'never' | 'always' } = {}): Instruction[] {
  let cache = caches.get(escapeChar);
  if (!cache) caches.set(escapeChar, (cache = new Map()));
  const chunks = chunksOf(text, escapeChar);
  const fill = options.fill ?? 'auto';
  if (fill !== 'never') {
    // A file seen for the first time: one whole parse is cheaper than many small ones.
    let missing = 0;
    for (const chunk of chunks) if (!cache.has(chunk.text)) missing++;
    if (fill === 'always' || (missing > 16 && missing * 2 > chunks.length)) fillFromWholeParse(text, escapeChar, chunks, cache);
  }
  const instructions: Instruction[] = [];
  for (const chunk of chunks) {
    let parsed = cache.get(chunk.text);
    if (parsed) {
      // Re-inserted below: the Map's order is the eviction order (least recently used first).
      cache.delete(chunk.text);
      cachedChars -= chunk.text.length;
    } else {
      parsed = parseChunk(chunk.text, escapeChar);
    }
    remember(cache, chunk.text, parsed);
    for (const instruction of parsed) instructions.push(shiftInstruction(instruction, chunk.startLine, instructions.length));
  }
  return instructions;
}

function parseChunk(text: string, escapeChar: string): Instruction[] {
  // The escape directive must reach the chunk; it costs one line, removed again below.
  const source = `# escape=${escapeChar}\n${text}`;
  const document = TextDocument.create('file:///chunk', 'dockerfile', 0, source);
  let nodes;
  try {
    nodes = DockerfileParser.parse(source).getInstructions();
  } catch {
    // The parser gave up on this chunk; the rest of the file still gets linted.
    return [];
  }
  return nodes.map((node, index) => shiftInstruction(toInstruction(node, index, document, escapeChar), -1, index));
}

/** Empties the chunk caches (tests compare cold paths). */
export function clearChunkCache(): void {
  caches.clear();
  cachedChars = 0;
}

/** Caches each missing chunk's instructions from one parse of the whole text. */
function fillFromWholeParse(text: string, escapeChar: string, chunks: Chunk[], cache: Map<string, Instruction[]>): void {
  let parsed;
  try {
    parsed = DockerfileParser.parse(text);
  } catch {
    return;
  }
  // Only when the parser reads the escape directive as we do; otherwise chunks stay authoritative.
  if (parsed.getEscapeCharacter() !== escapeChar) return;
  const document = TextDocument.create('file:///whole', 'dockerfile', 0, text);
  const groups: Instruction[][] = chunks.map(() => []);
  let c = 0;
  for (const node of parsed.getInstructions()) {
    const instruction = toInstruction(node, 0, document, escapeChar);
    while (c + 1 < chunks.length && instruction.range.start.line >= chunks[c + 1].startLine) c++;
    groups[c].push(instruction);
  }
  chunks.forEach((chunk, i) => {
    if (cache.has(chunk.text)) return;
    remember(cache, chunk.text, groups[i].map((instruction, k) => shiftInstruction(instruction, -chunk.startLine, k)));
  });
}

/**
 * Chunks start at a line that begins with an instruction keyword, is not inside a continued
 * instruction or a heredoc body; anything ambiguous stays in the previous chunk.
 */
function chunksOf(text: string, escapeChar: string): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let chunkLine = 0;
  let continued = false;
  let heredocs: Array<{ name: string; strip: boolean }> = [];
  let words: string[] = [];
  let offset = 0;
  let previousEnd = 0;
  // Lines end at \r\n, \n or a lone \r, as LSP positions (and dockerfile-ast) count them.
  for (let line = 0; offset <= text.length; line++) {
    let end = offset;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const content = text.slice(offset, end);
    const lineStart = offset;
    const contentEnd = previousEnd;
    previousEnd = end;
    offset = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    if (heredocs.length) {
      const candidate = heredocs[0].strip ? content.replace(/^\t+/, '') : content;
      if (candidate === heredocs[0].name) heredocs.shift();
      continue;
    }
    const trimmed = content.trim();
    const ignorable = trimmed === '' || trimmed.charCodeAt(0) === 35;
    if (continued && ignorable) continue;
    if (!continued && lineStart > chunkStart && KEYWORD_LINE.test(content)) {
      chunks.push({ startLine: chunkLine, text: text.slice(chunkStart, contentEnd) });
      chunkStart = lineStart;
      chunkLine = line;
    }
    if (ignorable) continue;
    if (!continued) words = [];
    words.push(...trimmed.split(/\s+/));
    continued = trimmed.endsWith(escapeChar);
    // Heredoc bodies start after the instruction's last line, as dockerfile-ast reads them.
    if (!continued) heredocs = heredocsOf(words);
  }
  chunks.push({ startLine: chunkLine, text: text.slice(chunkStart) });
  return chunks;
}

/** The heredocs dockerfile-ast reads after an instruction made of `words`, in order. */
function heredocsOf(words: string[]): Array<{ name: string; strip: boolean }> {
  const keyword = words[0]?.toUpperCase() === 'ONBUILD' ? words[1] : words[0];
  if (!keyword || !HEREDOC_KEYWORDS.has(keyword.toUpperCase())) return [];
  const markers = words.filter((word) => word.startsWith('<<') && word.length > 2);
  // One `<<-` makes every heredoc of the instruction strip leading tabs.
  const strip = markers.some((word) => word.startsWith('<<-'));
  return markers.map(heredocName).filter((name): name is string => name !== null).map((name) => ({ name, strip }));
}

/** dockerfile-ast's reading of a `<<NAME` argument: quotes removed, `<<<` is no heredoc. */
function heredocName(word: string): string | null {
  let name = word.slice(word.startsWith('<<-') ? 3 : 2);
  for (const quote of ['"', "'"]) {
    if (!name.startsWith(quote)) continue;
    if (!name.endsWith(quote)) return null;
    name = name.slice(1, -1);
  }
  return name.startsWith('<') ? null : name;
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

/** Entries held across escape characters (for memory probes). */
export function chunkCacheSize(): number {
  let size = 0;
  for (const cache of caches.values()) size += cache.size;
  return size;
}
