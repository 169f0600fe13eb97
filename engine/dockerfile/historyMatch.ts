// Maps image history entries (`created_by`) back to Dockerfile instructions, so clicking a layer
// opens the line that produced it. The classic builder and BuildKit record instructions in
// different shapes (`/bin/sh -c #(nop)  COPY file:<hash> in /app`, `RUN /bin/sh -c … # buildkit`,
// `|2 A=1 B=2 /bin/sh -c …`, exec-form arrays printed without commas); both sides are reduced
// to one comparable form. A wrong line is worse than none, so ambiguous matches are dropped.
import { finalStageChain, parseDockerfile, type DockerfileInstruction } from './instructions';

export interface HistoryInstruction {
  keyword: string;
  /** Loose comparable text of the arguments (quotes dropped, whitespace collapsed). */
  text: string;
  /** COPY/ADD from the classic builder: only the destination is recorded, sources are hashed. */
  hashedSource: boolean;
}

export interface SourceLocation {
  line: number;
  endLine: number;
}

const KEYWORDS = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);
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

/** Drops the build-arg prefix `|N K=V …` that RUN records when ARGs are in scope. */
function stripBuildArgs(text: string): string {
  const prefix = /^\|(\d+)\s+/.exec(text);
  if (!prefix) return text;
  let rest = text.slice(prefix[0].length);
  for (let i = 0; i < Number(prefix[1]); i += 1) rest = rest.replace(/^\S+=(?:"[^"]*"|\S*)\s*/, '');
  return rest;
}

function stripShell(text: string): string {
  return text.replace(/^\/bin\/sh -c\s+/, '');
}

/** Parses a raw or already-cleaned `created_by` into its instruction, or undefined (e.g. empty). */
export function parseHistoryEntry(createdBy: string): HistoryInstruction | undefined {
  let text = createdBy.trim().replace(/\s+#\s*buildkit$/, '');
  text = stripBuildArgs(text);
  const nop = /^\/bin\/sh -c #\(nop\)\s*(.*)$/s.exec(text);
  if (nop) text = nop[1].trim();
  let keyword = /^([A-Z]+)\b/.exec(text)?.[1];
  if (keyword && KEYWORDS.has(keyword)) {
    text = text.slice(keyword.length).trim();
  } else {
    // The classic builder records RUN without its keyword.
    keyword = 'RUN';
  }
  if (!text && keyword !== 'RUN') return { keyword, text: '', hashedSource: false };
  if (!text) return undefined;
  if (keyword === 'RUN') text = flattenJsonArray(stripShell(stripBuildArgs(text)));
  // Raw: `file:<64 hex> in /dest`; cleaned by the engine: `file:<12 hex> /dest`.
  const hashed = /^(?:--\S+\s+)*(?:file|dir|multi):[0-9a-f]+(?:\s+in)?\s+(.*)$/s.exec(text);
  if ((keyword === 'COPY' || keyword === 'ADD') && hashed) {
    return { keyword, text: loose(hashed[1]), hashedSource: true };
  }
  if (keyword === 'CMD' || keyword === 'ENTRYPOINT') text = flattenJsonArray(text);
  return { keyword, text: loose(text), hashedSource: false };
}

/** The comparable text of a Dockerfile instruction's arguments. */
function instructionText(instruction: DockerfileInstruction): string {
  const { keyword, args } = instruction;
  if (keyword === 'RUN') {
    const withoutFlags = args.replace(/^(?:--\S+\s+)*/, '');
    return loose(stripShell(flattenJsonArray(withoutFlags)));
  }
  if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
    return loose(args.trim().startsWith('[') ? flattenJsonArray(args) : `/bin/sh -c ${args}`);
  }
  if ((keyword === 'ENV' || keyword === 'LABEL') && !/^\S+=/.test(args)) {
    // Legacy `ENV KEY value` is recorded as `KEY=value`.
    const legacy = /^(\S+)\s+(.*)$/s.exec(args);
    if (legacy) return loose(`${legacy[1]}=${legacy[2]}`);
  }
  return loose(args);
}

function copyDestination(instruction: DockerfileInstruction): string {
  const args = instruction.args.trim();
  const tokens = args.startsWith('[') ? flattenJsonArray(args).split(' ') : args.split(/\s+/);
  return loose(tokens[tokens.length - 1] ?? '');
}

/** 3 = same instruction text, 2 = same COPY/ADD destination (hashed source), 1 = keyword only, 0 = no. */
export function matchScore(entry: HistoryInstruction, instruction: DockerfileInstruction): number {
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

/**
 * Matches history entries (image build order) to Dockerfile lines. Entries are aligned in order
 * against the final stage's chain first; an entry that matches several instructions equally
 * well outside that order is left unmatched rather than guessed.
 */
export function matchHistoryToDockerfile(createdBy: readonly string[], dockerfileText: string): Array<SourceLocation | undefined> {
  const parsed = parseDockerfile(dockerfileText);
  const chain = finalStageChain(parsed).map((i) => parsed.instructions[i]);
  const everything = parsed.instructions;
  let cursor = 0;
  return createdBy.map((raw) => {
    const entry = parseHistoryEntry(raw);
    if (!entry) return undefined;
    for (let i = cursor; i < chain.length; i += 1) {
      const score = matchScore(entry, chain[i]);
      if (score >= 2 || (score === 1 && nextOfKeyword(chain, cursor, entry.keyword) === i)) {
        cursor = i + 1;
        return { line: chain[i].line, endLine: chain[i].endLine };
      }
    }
    const anywhere = everything.filter((instruction) => matchScore(entry, instruction) >= 2);
    if (anywhere.length === 1) return { line: anywhere[0].line, endLine: anywhere[0].endLine };
    return undefined;
  });
}

function nextOfKeyword(chain: readonly DockerfileInstruction[], from: number, keyword: string): number {
  for (let i = from; i < chain.length; i += 1) if (chain[i].keyword === keyword) return i;
  return -1;
}

/** Scores how well a Dockerfile explains an image's history: the number of matched entries. */
export function countMatches(createdBy: readonly string[], dockerfileText: string): number {
  return matchHistoryToDockerfile(createdBy, dockerfileText).filter(Boolean).length;
}
