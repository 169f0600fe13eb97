// Incremental parsing: the text is cut into chunks at instruction boundaries, each chunk is
// parsed by dockerfile-ast once and cached by its text, and re-used with its lines shifted. After
// a one-character edit only the edited instruction is parsed again, and the instructions of the
// chunks that stayed at their line are the very objects of the previous parse (no copies, so
// re-linting allocates little).
import { DockerfileParser } from 'dockerfile-ast';
import './astArguments';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toInstruction } from './instructions';
import type { Flag, Heredoc, Instruction, Range, Word } from './types';

const KEYWORD_LINE = /^[ \t]*(add|arg|cmd|copy|entrypoint|env|expose|from|healthcheck|label|maintainer|onbuild|run|shell|stopsignal|user|volume|workdir)(\s|$)/i;
/** dockerfile-ast reads heredocs only for these (also as an ONBUILD trigger). */
const HEREDOC_KEYWORDS = new Set(['ADD', 'COPY', 'RUN']);
const MAX_CACHED_CHUNKS = 16000;
const BYTE_ORDER_MARK = 0xfeff;
/** Cached instructions cost 20–50 bytes per chunk character: cap the text they stand for (≤ ~50 MB). */
const MAX_CACHED_CHARS = 1_000_000;
/** Placed copies kept per chunk text at most (a file repeats short chunks like `WORKDIR /src`). */
const MAX_PLACED = 256;

interface Chunk {
  startLine: number;
  /** Offset of the chunk's first character in the whole text. */
  offset: number;
  text: string;
}

interface CachedChunk {
  /** The chunk's instructions as if it started at line 0. */
  relative: Instruction[];
  /** Copies placed at a start line, handed out as they are while they still fit (see `fits`). */
  placed: Map<number, Placed>;
  /** The parse that last moved it to the recently used end of the cache. */
  used: number;
}

/**
 * Parses between two moves of a chunk that stays in use to the recently used end: moving all of
 * them on every parse cost a few per cent of a re-lint, and eviction needs only a rough order.
 */
const MOVE_EVERY = 16;

interface Placed {
  instructions: Instruction[];
  /** The last parse that handed them out: copies unused for two parses are dropped. */
  parse: number;
}

let parses = 0;

const caches = new Map<string, Map<string, CachedChunk>>();
/** Text held by the caches, counted once per copy (relative or placed). */
let cachedChars = 0;

const weight = (key: string, entry: CachedChunk) => key.length * (1 + entry.placed.size);

/** Stores (or re-inserts, as most recently used: the Map's order is the eviction order) an entry. */
function remember(cache: Map<string, CachedChunk>, key: string, entry: CachedChunk): void {
  entry.used = parses;
  const previous = cache.get(key);
  if (previous) {
    cachedChars -= weight(key, previous);
    cache.delete(key);
  }
  cache.set(key, entry);
  cachedChars += weight(key, entry);
  while (cache.size > 1 && (cache.size > MAX_CACHED_CHUNKS || cachedChars > MAX_CACHED_CHARS)) {
    const oldest = cache.keys().next().value as string;
    cachedChars -= weight(oldest, cache.get(oldest) as CachedChunk);
    cache.delete(oldest);
  }
}

function place(key: string, entry: CachedChunk, startLine: number, instructions: Instruction[]): void {
  const before = entry.placed.size;
  // Copies at lines the chunk has left (lines inserted above it) are of no more use.
  for (const [line, placed] of entry.placed) {
    if (placed.parse < parses - 1 || entry.placed.size >= MAX_PLACED) entry.placed.delete(line);
  }
  entry.placed.set(startLine, { instructions, parse: parses });
  cachedChars += key.length * (entry.placed.size - before);
}

/**
 * Whether instructions placed by an earlier parse can be handed out again at `index`: besides
 * text and line, their index and stage index (set by buildModel: FROMs so far − 1) must already
 * be the ones this text gives them, so no shared object is ever changed.
 */
function fits(placed: Instruction[], index: number, stageIndex: number): boolean {
  for (let k = 0; k < placed.length; k++) {
    const instruction = placed[k];
    if (instruction.keyword === 'FROM') stageIndex++;
    if (instruction.index !== index + k || instruction.stageIndex !== stageIndex) return false;
  }
  return true;
}

export interface ParseOptions {
  /** `never`: chunk by chunk; `always`: one whole parse for the missing chunks; `auto` (default). */
  fill?: 'auto' | 'never' | 'always';
  /**
   * Keep the parsed chunks for the next parse of an edited text (default true: the language
   * server). A CLI lints each file once: false parses it whole and caches nothing.
   */
  reuse?: boolean;
}

/**
 * All instructions of `text`, equal to parsing it whole with dockerfile-ast. Instruction objects
 * may be shared with earlier results: read them, never change them (buildModel's `stageIndex` is
 * the one write, and it writes the value they already have when shared).
 */
export function parseInstructions(text: string, escapeChar: string, options: ParseOptions = {}): Instruction[] {
  const fill = options.fill ?? 'auto';
  if (options.reuse === false && fill !== 'never') {
    const whole = parseWhole(text, escapeChar);
    if (whole) return whole;
  }
  parses++;
  let cache = caches.get(escapeChar);
  if (!cache) caches.set(escapeChar, (cache = new Map()));
  const chunks = chunksOf(text, escapeChar);
  // A text mostly seen for the first time: one whole parse is cheaper than many small ones, and
  // its instructions are the result as they are.
  const cached = chunks.map((chunk) => cache.get(chunk.text));
  if (fill !== 'never') {
    let missing = 0;
    for (const entry of cached) if (!entry) missing++;
    if (fill === 'always' || missing * 2 > chunks.length) {
      const whole = fillFromWholeParse(text, escapeChar, chunks, cache);
      if (whole) return whole;
    }
  }
  const instructions: Instruction[] = [];
  let stageIndex = -1;
  chunks.forEach((chunk, c) => {
    let entry = cached[c];
    if (!entry) remember(cache, chunk.text, (entry = { relative: parseChunk(chunk.text, escapeChar), placed: new Map(), used: parses }));
    else if (entry.used + MOVE_EVERY <= parses || !cache.has(chunk.text)) remember(cache, chunk.text, entry);
    const reusable = entry.placed.get(chunk.startLine);
    let placed: Instruction[];
    if (reusable && fits(reusable.instructions, instructions.length, stageIndex)) {
      reusable.parse = parses;
      placed = reusable.instructions;
    } else {
      placed = entry.relative.map((instruction, k) => shiftInstruction(instruction, chunk.startLine, instructions.length + k));
      place(chunk.text, entry, chunk.startLine, placed);
    }
    for (const instruction of placed) {
      if (instruction.keyword === 'FROM') stageIndex++;
      instructions.push(instruction);
    }
  });
  return instructions;
}

/** The instructions of one dockerfile-ast parse of the whole text; null when it reads another escape character. */
function parseWhole(text: string, escapeChar: string): Instruction[] | null {
  let parsed;
  try {
    parsed = DockerfileParser.parse(text);
  } catch {
    return null;
  }
  if (parsed.getEscapeCharacter() !== escapeChar) return null;
  const document = TextDocument.create('file:///whole', 'dockerfile', 0, text);
  return parsed.getInstructions().map((node, index) => toInstruction(node, index, document, escapeChar));
}

function parseChunk(text: string, escapeChar: string): Instruction[] {
  // The escape directive must reach the chunk; it costs one line, removed again below. A byte-order
  // mark (only the first chunk can start with one) is no longer first there, and dockerfile-ast would
  // read it as part of the keyword (`\uFEFFFROM`); a space in its place keeps every column, as the
  // whole parse (which skips the mark) counts them.
  const source = `# escape=${escapeChar}\n${text.charCodeAt(0) === BYTE_ORDER_MARK ? ` ${text.slice(1)}` : text}`;
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

/**
 * One whole parse for a text whose chunks are mostly missing: caches each missing chunk's
 * instructions (as copies relative to the chunk), places every chunk's instructions at their line,
 * and returns the whole text's instructions, or null when the whole parse cannot be used.
 */
function fillFromWholeParse(text: string, escapeChar: string, chunks: Chunk[], cache: Map<string, CachedChunk>): Instruction[] | null {
  // Only when the parser reads the escape directive as we do; otherwise chunks stay authoritative.
  const whole = parseWhole(text, escapeChar);
  if (!whole) return null;
  const groups: Instruction[][] = chunks.map(() => []);
  let c = 0;
  for (const instruction of whole) {
    while (c + 1 < chunks.length && instruction.range.start.line >= chunks[c + 1].startLine) c++;
    groups[c].push(instruction);
  }
  chunks.forEach((chunk, i) => {
    const entry = cache.get(chunk.text)
      ?? { relative: groups[i].map((instruction, k) => shiftInstruction(instruction, -chunk.startLine, k)), placed: new Map<number, Placed>(), used: parses };
    remember(cache, chunk.text, entry);
    place(chunk.text, entry, chunk.startLine, groups[i]);
  });
  return whole;
}

/** Where a text is cut so that what is before fits a budget: the first line (and its offset) left out. */
export interface Cut {
  line: number;
  offset: number;
}

/**
 * The start of the first instruction that does not fit in `maxLines` lines and `maxCharacters`
 * characters (chunk boundaries: never inside an instruction, its continuation lines or heredoc),
 * or null when the whole text fits. The cut may be at line 0 (one instruction is too big).
 */
export function cutAfter(text: string, escapeChar: string, maxLines: number, maxCharacters: number): Cut | null {
  if (text.length <= maxCharacters && lineCountAtMost(text, maxLines)) return null;
  // Chunk starts come in order: the last one with everything before it within the budget.
  let cut: Cut = { line: 0, offset: 0 };
  for (const chunk of chunksOf(text, escapeChar, { line: maxLines, offset: maxCharacters })) {
    if (chunk.startLine > maxLines || chunk.offset > maxCharacters) break;
    cut = { line: chunk.startLine, offset: chunk.offset };
  }
  return cut;
}

/** A run of whole instructions of a text (with the comments among them), where it starts. */
export interface Piece {
  line: number;
  text: string;
}

/**
 * The text cut at instruction boundaries into pieces of about `lines` lines (a piece holds at
 * least one chunk, so one huge instruction is one piece): for work that is quadratic in the size
 * of what it is given, done piece by piece.
 */
export function piecesOf(text: string, escapeChar: string, lines: number): Piece[] {
  const pieces: Piece[] = [];
  let start: Chunk | null = null;
  for (const chunk of chunksOf(text, escapeChar)) {
    if (start && chunk.startLine - start.startLine >= lines) {
      pieces.push({ line: start.startLine, text: text.slice(start.offset, chunk.offset) });
      start = null;
    }
    start ??= chunk;
  }
  if (start) pieces.push({ line: start.startLine, text: text.slice(start.offset) });
  return pieces;
}

/** Whether the text has at most `max` lines (stops counting there). */
function lineCountAtMost(text: string, max: number): boolean {
  let lines = 1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 13 && text.charCodeAt(i + 1) === 10) i++;
    if ((code === 10 || code === 13) && ++lines > max) return false;
  }
  return true;
}

/**
 * Chunks start at a line that begins with an instruction keyword, is not inside a continued
 * instruction or a heredoc body; anything ambiguous stays in the previous chunk. With `stopAfter`,
 * the chunks up to the first one starting past that line or offset (which is left out).
 */
function chunksOf(text: string, escapeChar: string, stopAfter?: Cut): Chunk[] {
  const chunks: Chunk[] = [];
  const escapeCode = escapeChar.charCodeAt(0);
  let chunkStart = 0;
  let chunkLine = 0;
  let continued = false;
  let heredocs: Array<{ name: string; strip: boolean }> = [];
  // Lines are read by offsets, not sliced: a re-lint walks every line of the text. The current
  // instruction's lines (trimmed, comments left out) as [start, end) pairs, and whether one has `<<`.
  const bounds: number[] = [];
  let marked = false;
  let offset = 0;
  let previousEnd = 0;
  // Lines end at \r\n, \n or a lone \r, as LSP positions (and dockerfile-ast) count them.
  for (let line = 0; offset <= text.length; line++) {
    let end = offset;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const lineStart = offset;
    const contentEnd = previousEnd;
    previousEnd = end;
    offset = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
    if (heredocs.length) {
      const content = text.slice(lineStart, end);
      const candidate = heredocs[0].strip ? content.replace(/^\t+/, '') : content;
      if (candidate === heredocs[0].name) heredocs.shift();
      continue;
    }
    // The line's content without the spaces and tabs around it.
    // (A byte-order mark is skipped as dockerfile-ast skips it: `\uFEFFRUN <<EOF` has a heredoc.)
    let first = lineStart === 0 && text.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : lineStart;
    while (first < end && isTrimmed(text.charCodeAt(first))) first++;
    let last = end;
    while (last > first && isTrimmed(text.charCodeAt(last - 1))) last--;
    const ignorable = first === last || text.charCodeAt(first) === 35;
    if (continued && ignorable) continue;
    if (!continued && lineStart > chunkStart && startsWithKeyword(text, lineStart)) {
      chunks.push({ startLine: chunkLine, offset: chunkStart, text: text.slice(chunkStart, contentEnd) });
      chunkStart = lineStart;
      chunkLine = line;
      // Past what the caller needs (the rest of a huge text): the chunks so far are all it reads.
      if (stopAfter && (line > stopAfter.line || lineStart > stopAfter.offset)) return chunks;
    }
    if (ignorable) continue;
    if (!continued) {
      bounds.length = 0;
      marked = false;
    }
    bounds.push(first, last);
    marked ||= hasHeredocMarker(text, first, last);
    continued = text.charCodeAt(last - 1) === escapeCode;
    // Heredoc bodies start after the instruction's last line, as dockerfile-ast reads them. Only
    // an instruction with a `<<` word has any: the others are not split into words.
    if (!continued) heredocs = marked ? heredocsOf(wordsIn(text, bounds)) : [];
  }
  chunks.push({ startLine: chunkLine, offset: chunkStart, text: text.slice(chunkStart) });
  return chunks;
}

/** KEYWORD_LINE at an offset of the whole text (its `\s|$` sees the line break or the end). */
const KEYWORD_AT = new RegExp(KEYWORD_LINE.source.slice(1), 'iy');

function startsWithKeyword(text: string, lineStart: number): boolean {
  KEYWORD_AT.lastIndex = lineStart;
  return KEYWORD_AT.test(text);
}

/**
 * The only white space of dockerfile-ast's grammar: around an escape, in an empty continuation
 * line, before a keyword. Other Unicode spaces (U+3000, NBSP, \v, \f) are ordinary characters
 * there, so `\\` + U+3000 does not continue a line.
 */
function isTrimmed(code: number): boolean {
  return code === 32 || code === 9;
}

function hasHeredocMarker(text: string, from: number, to: number): boolean {
  for (let i = from; i + 1 < to; i++) if (text.charCodeAt(i) === 60 && text.charCodeAt(i + 1) === 60) return true;
  return false;
}

function wordsIn(text: string, bounds: number[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < bounds.length; i += 2) words.push(...text.slice(bounds[i], bounds[i + 1]).split(/[ \t]+/));
  return words;
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
    trigger: instruction.trigger ? shiftInstruction(instruction.trigger, delta, index) : null,
  };
}
