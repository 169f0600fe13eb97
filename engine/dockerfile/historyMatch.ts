// Which Dockerfile line made which layer: image history entries (`created_by`) matched back to
// the instructions of the one Dockerfile model. The Layers view (open a layer's line), the inline
// figures after an analysis and after a build all use this one matcher, so a line shows the same
// size whichever way it got there. The classic builder and BuildKit record instructions in
// different shapes (engine/docker/history.ts reads both); both sides are reduced to one
// comparable form. A wrong line is worse than none, so ambiguous matches are dropped.
import { buildModel } from '../../dockerfile/model';
import { logicalSource } from '../../dockerfile/text';
import { stageChain } from '../../dockerfile/stages';
import type { DockerfileModel, Instruction } from '../../dockerfile/types';
import { parseCreatedBy } from '../docker/history';
import type { ImageLayers } from '../docker/images';

export interface SourceLocation {
  /** 0-based first and last line of the instruction. */
  line: number;
  endLine: number;
}

/** A history entry in comparable form. */
interface HistoryInstruction {
  keyword: string;
  /** Loose text of the arguments (quotes dropped, whitespace collapsed); the destination when hashed. */
  text: string;
  hashedSource: boolean;
}

/** A Dockerfile instruction in the same comparable form. */
interface SourceInstruction {
  keyword: string;
  /** Arguments as the builder sees them: continuations and comment lines inside removed. */
  args: string;
  location: SourceLocation;
}

/** Instructions whose arguments the builders rewrite beyond recognition: matched by keyword alone. */
const REWRITTEN = new Set(['EXPOSE', 'HEALTHCHECK', 'ONBUILD', 'SHELL', 'STOPSIGNAL', 'VOLUME']);

function loose(text: string): string {
  return text.replace(/["']/g, '').replace(/\s+/g, ' ').trim();
}

/** `["a" "b"]` or `["a","b"]` → `a b`; anything else unchanged. */
function flattenJsonArray(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return text;
  const items = [...trimmed.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/\\(.)/g, '$1'));
  return items.length ? items.join(' ') : text;
}

/** Drops leading `--flag` / `--flag=value` words (RUN --mount, COPY --from/--chown/--link, ...). */
function withoutFlags(args: string): string {
  return args.replace(/^(?:--\S+\s+)*/, '');
}

function stripShell(text: string): string {
  return text.replace(/^\/bin\/sh -c\s+/, '');
}

function historyInstruction(createdBy: string): HistoryInstruction | undefined {
  const { keyword, args, hashedSource } = parseCreatedBy(createdBy);
  if (!args && keyword === 'RUN') return undefined;
  if (hashedSource) {
    // `file:<hash> /dest`: only the destination is comparable.
    return { keyword, text: loose(args.replace(/^(?:--\S+\s+)*\S+\s+/, '')), hashedSource };
  }
  const comparable = keyword === 'RUN' || keyword === 'CMD' || keyword === 'ENTRYPOINT' ? flattenJsonArray(args) : withoutFlags(args);
  return { keyword, text: loose(comparable), hashedSource };
}

/** The comparable text of a Dockerfile instruction's arguments. */
function instructionText({ keyword, args }: SourceInstruction): string {
  if (keyword === 'RUN') return loose(stripShell(flattenJsonArray(withoutFlags(args))));
  if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
    return loose(args.trim().startsWith('[') ? flattenJsonArray(args) : `/bin/sh -c ${args}`);
  }
  if ((keyword === 'ENV' || keyword === 'LABEL') && !/^\S+=/.test(args)) {
    // Legacy `ENV KEY value` is recorded as `KEY=value`.
    const legacy = /^(\S+)\s+(.*)$/s.exec(args);
    if (legacy) return loose(`${legacy[1]}=${legacy[2]}`);
  }
  // BuildKit records COPY/ADD without `--from`, `--chown`, `--link`…: compare without flags.
  return loose(withoutFlags(args));
}

function copyDestination({ args }: SourceInstruction): string {
  const trimmed = args.trim();
  const tokens = trimmed.startsWith('[') ? flattenJsonArray(trimmed).split(' ') : trimmed.split(/\s+/);
  return loose(tokens[tokens.length - 1] ?? '');
}

/** 3 = same instruction text, 2 = same COPY/ADD destination (hashed source), 1 = keyword only, 0 = no. */
function matchScore(entry: HistoryInstruction, instruction: SourceInstruction): number {
  if (entry.keyword !== instruction.keyword) return 0;
  if (entry.hashedSource) return copyDestination(instruction) === entry.text ? 2 : 0;
  const source = instructionText(instruction);
  if (source === entry.text) return 3;
  // A custom SHELL prefixes RUN commands with its own interpreter.
  if (entry.keyword === 'RUN' && source && entry.text.endsWith(` ${source}`)) return 3;
  if (entry.keyword === 'CMD' || entry.keyword === 'ENTRYPOINT') {
    if (entry.text.endsWith(` ${loose(instruction.args)}`)) return 3;
  }
  return REWRITTEN.has(entry.keyword) ? 1 : 0;
}

/** The arguments after the keyword, up to the first heredoc body, as one logical line. */
function sourceInstruction(model: DockerfileModel, instruction: Instruction): SourceInstruction {
  const text = instruction.text;
  const heredoc = instruction.heredocs[0];
  let end = text.length;
  if (heredoc) {
    // The body starts on the line after the instruction line: cut at that line's start.
    const lines = heredoc.range.start.line - instruction.range.start.line;
    let offset = 0;
    for (let i = 0; i < lines && offset >= 0; i++) offset = text.indexOf('\n', offset) + 1 || -1;
    if (offset > 0) end = offset;
  }
  const start = Math.min(instruction.rawKeyword.length, end);
  const args = logicalSource(text, start, end, model.escapeChar, () => ({ line: 0, character: 0 })).text.trim();
  return { keyword: instruction.keyword, args, location: { line: instruction.range.start.line, endLine: instruction.range.end.line } };
}

function nextOfKeyword(chain: readonly SourceInstruction[], from: number, keyword: string): number {
  for (let i = from; i < chain.length; i += 1) if (chain[i].keyword === keyword) return i;
  return -1;
}

export interface MatchOptions {
  /** The build target (`--target`): the stage that became the image; default the last stage. */
  target?: string;
}

/**
 * Matches history entries (image build order) to Dockerfile lines. Entries are aligned in order
 * against the final stage's chain first; an entry that matches several instructions equally
 * well outside that order is left unmatched rather than guessed.
 */
export function matchHistoryToDockerfile(createdBy: readonly string[], dockerfile: string | DockerfileModel, options: MatchOptions = {}): Array<SourceLocation | undefined> {
  const model = typeof dockerfile === 'string' ? buildModel(dockerfile, { reuse: false, target: options.target }) : dockerfile;
  const read = new Map(model.instructions.map((instruction) => [instruction, sourceInstruction(model, instruction)]));
  // The stages whose layers end up in the image: the final stage, preceded by the stages it is built FROM.
  const shipped = model.finalStage ? stageChain(model.finalStage) : [];
  const chain = shipped.flatMap((stage) => [stage.from, ...stage.instructions]).map((instruction) => read.get(instruction)!);
  const everything = [...read.values()];
  let cursor = 0;
  return createdBy.map((raw) => {
    const entry = historyInstruction(raw);
    if (!entry) return undefined;
    for (let i = cursor; i < chain.length; i += 1) {
      const score = matchScore(entry, chain[i]);
      if (score >= 2 || (score === 1 && nextOfKeyword(chain, cursor, entry.keyword) === i)) {
        cursor = i + 1;
        return chain[i].location;
      }
    }
    const anywhere = everything.filter((instruction) => matchScore(entry, instruction) >= 2);
    return anywhere.length === 1 ? anywhere[0].location : undefined;
  });
}

export interface ImageMatch {
  /** Location of each of the image's layers (same order as image.layers); undefined = unmatched or base. */
  locations: Array<SourceLocation | undefined>;
  /** How many of the image's own (non-base) layers matched, and how many it has. */
  matched: number;
  own: number;
}

/** Matches the image's own layers (those above its base image) against a Dockerfile. */
export function matchImageToDockerfile(image: ImageLayers, dockerfile: string | DockerfileModel, options: MatchOptions = {}): ImageMatch {
  const own = image.layers.filter((layer) => !layer.fromBase);
  const ownLocations = matchHistoryToDockerfile(own.map((layer) => layer.rawCreatedBy), dockerfile, options);
  const byIndex = new Map(own.map((layer, i) => [layer.index, ownLocations[i]]));
  return {
    locations: image.layers.map((layer) => byIndex.get(layer.index)),
    matched: ownLocations.filter(Boolean).length,
    own: own.length,
  };
}

/** Whether a Dockerfile explains the image: at least half of its own layers match. */
export function explainsImage(match: ImageMatch): boolean {
  return match.own > 0 && match.matched * 2 >= match.own;
}

/**
 * 1-based line → bytes of the layers it made. Sizes from a file-level analysis (exact) win over
 * history's; several layers on one line (none today, but a matcher may map two) add up.
 */
export function sizesByLine(image: ImageLayers, match: ImageMatch, analysed?: { layers: ReadonlyArray<{ index: number; sizeBytes: number }> }): Map<number, number> {
  const analysedSize = new Map(analysed?.layers.map((layer) => [layer.index, layer.sizeBytes]) ?? []);
  const sizes = new Map<number, number>();
  image.layers.forEach((layer, i) => {
    const location = match.locations[i];
    if (!location || layer.fromBase) return;
    const bytes = analysedSize.get(layer.index) ?? layer.sizeBytes;
    sizes.set(location.line + 1, (sizes.get(location.line + 1) ?? 0) + bytes);
  });
  return sizes;
}
