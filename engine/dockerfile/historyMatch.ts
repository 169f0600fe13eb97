// Which Dockerfile line made which layer: image history entries (`created_by`) matched back to
// the instructions of the one Dockerfile model. The Layers view (open a layer's line), the inline
// figures after an analysis and after a build all use this one matcher, so a line shows the same
// size whichever way it got there. The classic builder and BuildKit record instructions in
// different shapes (engine/docker/history.ts reads both); both sides are reduced to one
// comparable form. A wrong line is worse than none, so ambiguous matches are dropped.
// History records arguments after ARG expansion and without flags (`COPY --from=b /app/${APP} /x`
// is `COPY /app/server /x`): each instruction is compared as written, with its variables expanded
// from the Dockerfile's defaults, and as the build Dockscope recorded for it named the step
// (BuildKit names steps with the build arguments of that build applied).
import { buildModel } from '../../dockerfile/model';
import { logicalSource } from '../../dockerfile/text';
import { stageChain } from '../../dockerfile/stages';
import type { DockerfileModel, Instruction } from '../../dockerfile/types';
import type { BuildStep } from '../build/record';
import { lookupIn } from '../../dockerfile/state';
import { expandVariables } from '../../dockerfile/variables';
import { parseCreatedBy, recordedBuildArgs } from '../docker/history';
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
  /** A heredoc command's first line (`<<EOF`), the part the Dockerfile line shows; else undefined. */
  firstLine?: string;
  hashedSource: boolean;
}

/** A Dockerfile instruction in the same comparable form. */
interface SourceInstruction {
  keyword: string;
  /**
   * The arguments as the builder may have seen them: as written (continuations and comment lines
   * inside removed), with variables expanded, as the recorded build named the step. Distinct.
   */
  readings: string[];
  /** Sources are heredocs (`COPY <<EOF /dest`): only the destination is comparable. */
  heredocSource: boolean;
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
  const newline = comparable.indexOf('\n');
  const firstLine = newline > 0 && /<<-?\S/.test(comparable.slice(0, newline)) ? loose(comparable.slice(0, newline)) : undefined;
  return { keyword, text: loose(comparable), firstLine, hashedSource };
}

/** The comparable text of a Dockerfile instruction's arguments. */
function instructionText(keyword: string, args: string): string {
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

function copyDestination(args: string): string {
  const trimmed = withoutFlags(args.trim());
  const tokens = trimmed.startsWith('[') ? flattenJsonArray(trimmed).split(' ') : trimmed.split(/\s+/);
  return loose(tokens[tokens.length - 1] ?? '');
}

/**
 * 3 = same instruction text, 2 = same COPY/ADD destination (hashed or heredoc source),
 * 1 = keyword only, 0 = no.
 */
function matchScore(entry: HistoryInstruction, instruction: SourceInstruction): number {
  if (entry.keyword !== instruction.keyword) return 0;
  return Math.max(...instruction.readings.map((args) => readingScore(entry, instruction, args)));
}

function readingScore(entry: HistoryInstruction, instruction: SourceInstruction, args: string): number {
  if (entry.hashedSource) return copyDestination(args) === entry.text ? 2 : 0;
  const source = instructionText(instruction.keyword, args);
  if (source === entry.text || (entry.firstLine !== undefined && source === entry.firstLine)) return 3;
  // A custom SHELL prefixes RUN commands with its own interpreter.
  if (entry.keyword === 'RUN' && source && entry.text.endsWith(` ${source}`)) return 3;
  if (entry.keyword === 'CMD' || entry.keyword === 'ENTRYPOINT') {
    if (entry.text.endsWith(` ${loose(args)}`)) return 3;
  }
  if (instruction.heredocSource) {
    const destination = copyDestination(args);
    if (entry.text === destination || entry.text.endsWith(` ${destination}`)) return 2;
  }
  return REWRITTEN.has(entry.keyword) ? 1 : 0;
}

/** The arguments after the keyword, up to the first heredoc body, as one logical line. */
function sourceInstruction(model: DockerfileModel, instruction: Instruction, built: ReadonlyMap<number, string>, buildArgs: ReadonlyMap<string, string>): SourceInstruction {
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
  const expanded = instruction.stageIndex >= 0 ? expandAsBuilt(model, instruction, args, buildArgs) : args;
  const asBuilt = built.get(instruction.range.start.line + 1);
  const readings = [...new Set([args, expanded, ...(asBuilt === undefined ? [] : [asBuilt])])];
  const heredocSource = (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && instruction.heredocs.length > 0;
  return { keyword: instruction.keyword, readings, heredocSource, location: { line: instruction.range.start.line, endLine: instruction.range.end.line } };
}

/** Variables expanded as the build did: a declared ARG takes the value the build recorded for it, else its default. */
function expandAsBuilt(model: DockerfileModel, instruction: Instruction, args: string, buildArgs: ReadonlyMap<string, string>): string {
  const scope = model.stateAt(instruction)?.vars ?? new Map();
  const declared = lookupIn(scope);
  const lookup = (name: string) => (scope.get(name)?.source === 'ARG' && buildArgs.has(name) ? buildArgs.get(name) : declared(name));
  return expandVariables(args, lookup, model.escapeChar).value;
}

/** A recorded step's arguments: `[stage-1 2/5] COPY --from=b /app/server /x` → `--from=b /app/server /x`. */
function stepArguments(name: string, keyword: string): string | undefined {
  const text = name.replace(/^\[[^\]]*\]\s*/, '').replace(/^Step \d+\/\d+ : /, '');
  const head = /^(\S+)\s*/.exec(text);
  return head && head[1].toUpperCase() === keyword ? text.slice(head[0].length).trim() : undefined;
}

/** 1-based line → the arguments the recorded build gave that line's step (same keyword only). */
function builtReadings(steps: readonly RecordedStep[] | undefined): Map<number, string> {
  const readings = new Map<number, string>();
  for (const step of steps ?? []) {
    if (step.line === null || !step.instruction) continue;
    const args = stepArguments(step.name, step.instruction);
    // BuildKit shortens long step names with `...`: such a name is no reading of the line.
    if (args !== undefined && !/\.\.\.$/.test(args)) readings.set(step.line, args);
  }
  return readings;
}

function nextOfKeyword(chain: readonly SourceInstruction[], from: number, keyword: string): number {
  for (let i = from; i < chain.length; i += 1) if (chain[i].keyword === keyword) return i;
  return -1;
}

/** What the matcher reads of a recorded build's step (engine/build/record.ts). */
export type RecordedStep = Pick<BuildStep, 'name' | 'line' | 'instruction'>;

export interface MatchOptions {
  /** The build target (`--target`): the stage that became the image; default the last stage. */
  target?: string;
  /**
   * The steps of the build Dockscope recorded for this image from this Dockerfile: their names
   * carry the arguments as built (build arguments applied), one more reading of each line.
   */
  builtSteps?: readonly RecordedStep[];
}

/**
 * Matches history entries (image build order) to Dockerfile lines. Entries are aligned in order
 * against the final stage's chain first; an entry that matches several instructions equally
 * well outside that order is left unmatched rather than guessed.
 */
export function matchHistoryToDockerfile(createdBy: readonly string[], dockerfile: string | DockerfileModel, options: MatchOptions = {}): Array<SourceLocation | undefined> {
  const model = modelOf(dockerfile, options);
  const built = builtReadings(options.builtSteps);
  // RUN entries record the build arguments in effect: the values `--build-arg` gave, for every line.
  const buildArgs = new Map(createdBy.flatMap(recordedBuildArgs));
  const read = new Map(model.instructions.map((instruction) => [instruction, sourceInstruction(model, instruction, built, buildArgs)]));
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

function modelOf(dockerfile: string | DockerfileModel, options: MatchOptions): DockerfileModel {
  return typeof dockerfile === 'string' ? buildModel(dockerfile, { reuse: false, target: options.target }) : dockerfile;
}

export interface ImageMatch {
  /** Location of each of the image's layers (same order as image.layers); undefined = unmatched or base. */
  locations: Array<SourceLocation | undefined>;
  /** How many of the image's own (non-base) layers matched, and how many it has. */
  matched: number;
  own: number;
  /** The FROM line (0-based) that names the image's base image, when the base is known and named there. */
  baseLine?: number;
}

/** Matches the image's own layers (those above its base image) against a Dockerfile. */
export function matchImageToDockerfile(image: ImageLayers, dockerfile: string | DockerfileModel, options: MatchOptions = {}): ImageMatch {
  const model = modelOf(dockerfile, options);
  const own = image.layers.filter((layer) => !layer.fromBase);
  const ownLocations = matchHistoryToDockerfile(own.map((layer) => layer.rawCreatedBy), model, options);
  const byIndex = new Map(own.map((layer, i) => [layer.index, ownLocations[i]]));
  // The bottom stage of the shipped chain is FROM an image; the base the daemon found is that image.
  const root = model.finalStage ? stageChain(model.finalStage)[0] : undefined;
  const named = root && root.image.resolved.toLowerCase() !== 'scratch' && image.base;
  return {
    locations: image.layers.map((layer) => byIndex.get(layer.index)),
    matched: ownLocations.filter(Boolean).length,
    own: own.length,
    ...(named ? { baseLine: root.from.range.start.line } : {}),
  };
}

/** Whether a Dockerfile explains the image: at least half of its own layers match. */
export function explainsImage(match: ImageMatch): boolean {
  return match.own > 0 && match.matched * 2 >= match.own;
}

/**
 * 1-based line → bytes of the layers it made, and the base image's size on the FROM line that
 * names it. Instructions that only change metadata (ENV, CMD, EXPOSE…) made no layer and get no
 * entry. Sizes from a file-level analysis (exact) win over history's; several layers on one line
 * (none today, but a matcher may map two) add up.
 */
export function sizesByLine(image: ImageLayers, match: ImageMatch, analysed?: { layers: ReadonlyArray<{ index: number; sizeBytes: number }> }): Map<number, number> {
  const analysedSize = new Map(analysed?.layers.map((layer) => [layer.index, layer.sizeBytes]) ?? []);
  const sizes = new Map<number, number>();
  if (match.baseLine !== undefined && image.base) sizes.set(match.baseLine + 1, image.base.sizeBytes);
  image.layers.forEach((layer, i) => {
    const location = match.locations[i];
    if (!location || layer.fromBase || layer.empty) return;
    const bytes = analysedSize.get(layer.index) ?? layer.sizeBytes;
    sizes.set(location.line + 1, (sizes.get(location.line + 1) ?? 0) + bytes);
  });
  return sizes;
}
