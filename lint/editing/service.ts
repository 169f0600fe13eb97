// The editing features (completion, hover docs, signature help, formatting, rename, references,
// highlights, definition, document links, folding, semantic tokens) come from rcjsuen's
// dockerfile-language-service; this module only adapts it: today's syntax it lacks (./modernSyntax),
// no registry lookups for images outside Docker Hub, and one hover with our findings first.
import { DockerfileParser } from 'dockerfile-ast';
import {
  DockerfileLanguageServiceFactory, type Capabilities, type DockerfileLanguageService,
} from 'dockerfile-language-service';
import {
  MarkupKind, SemanticTokenModifiers, SemanticTokenTypes, type CompletionItem, type DocumentLink, type FoldingRange, type FormattingOptions,
  type Hover, type Location, type MarkupContent, type Position, type Range, type SemanticTokens, type SemanticTokensLegend, type SignatureHelp,
  type TextEdit, type DocumentHighlight,
} from 'vscode-languageserver-types';
import { piecesOf } from '../../dockerfile/chunks';
import { escapeCharOf, parseDirectives } from '../../dockerfile/directives';
import type { DockerfileModel } from '../../dockerfile/types';
import { isReplacedDirectiveItem, modernCompletions, modernHover } from './modernSyntax';

/**
 * The library's token types and modifiers, in the order of its legend (the indexes it encodes).
 * A test checks it against the library's own table.
 */
export const SEMANTIC_TOKENS_LEGEND: SemanticTokensLegend = {
  tokenTypes: [
    SemanticTokenTypes.keyword, SemanticTokenTypes.comment, SemanticTokenTypes.parameter, SemanticTokenTypes.property,
    SemanticTokenTypes.namespace, SemanticTokenTypes.class, SemanticTokenTypes.macro, SemanticTokenTypes.string,
    SemanticTokenTypes.variable, SemanticTokenTypes.operator, SemanticTokenTypes.modifier,
  ],
  tokenModifiers: [SemanticTokenModifiers.declaration, SemanticTokenModifiers.definition, SemanticTokenModifiers.deprecated],
};

/** Characters after which an editor asks for completions again (flags, values, variables, tags, directives). */
export const COMPLETION_TRIGGERS = ['-', '=', ',', '$', '{', ':', ' ', '#'];

/** A Docker Hub tag lookup the library starts inside a FROM tag gives up after this long. */
const TAG_LOOKUP_TIMEOUT_MS = 1500;

export interface EditingService {
  /** On the lint's model of the text (the additions read it instead of parsing again). */
  completion(model: DockerfileModel, position: Position): Promise<CompletionItem[]>;
  resolveCompletion(item: CompletionItem): CompletionItem;
  /** Documentation of the instruction, flag or directive under the cursor. */
  hoverDocs(model: DockerfileModel, position: Position): Hover | null;
  signatureHelp(text: string, position: Position): SignatureHelp | null;
  format(text: string, options: FormattingOptions): TextEdit[];
  formatRange(text: string, range: Range, options: FormattingOptions): TextEdit[];
  formatOnType(text: string, position: Position, ch: string, options: FormattingOptions): TextEdit[];
  prepareRename(text: string, position: Position): Range | null;
  rename(uri: string, text: string, position: Position, newName: string): TextEdit[];
  references(uri: string, text: string, position: Position, includeDeclaration: boolean): Location[];
  highlights(text: string, position: Position): DocumentHighlight[];
  definition(uri: string, text: string, position: Position): Location | null;
  links(text: string): DocumentLink[];
  folding(text: string): FoldingRange[];
  semanticTokens(text: string): SemanticTokens;
}

export function createEditingService(capabilities: Capabilities, log: (message: string) => void = () => {}): EditingService {
  const service: DockerfileLanguageService = DockerfileLanguageServiceFactory.createLanguageService();
  service.setCapabilities(capabilities);
  service.setLogger({ log });
  const snippets = capabilities.completion?.completionItem?.snippetSupport === true;
  return {
    async completion(model, position) {
      const text = model.text;
      const library = privateImageTag(text, position) ? [] : await withTimeout(service.computeCompletionItems(text, position), TAG_LOOKUP_TIMEOUT_MS, []);
      return [...library.filter((item) => !isReplacedDirectiveItem(item)), ...modernCompletions(model, position, snippets)];
    },
    resolveCompletion(item) {
      return item.documentation ? item : service.resolveCompletionItem(item);
    },
    hoverDocs(model, position) {
      return service.computeHover(model.text, position) ?? modernHover(model, position);
    },
    signatureHelp: (text, position) => service.computeSignatureHelp(text, position) ?? null,
    format: (text, options) => service.format(text, options),
    formatRange: (text, range, options) => service.formatRange(text, range, options),
    formatOnType: (text, position, ch, options) => service.formatOnType(text, position, ch, options),
    prepareRename: (text, position) => service.prepareRename(text, position),
    rename: (uri, text, position, newName) => service.computeRename({ uri }, text, position, newName),
    references(uri, text, position, includeDeclaration) {
      // A Dockerfile's stages and variables live in the file: its highlights are its references.
      const declaration = includeDeclaration ? null : service.computeDefinition({ uri }, text, position);
      return service.computeHighlightRanges(text, position)
        .filter((highlight) => !declaration || !sameRange(highlight.range, declaration.range))
        .map((highlight) => ({ uri, range: highlight.range }));
    },
    highlights: (text, position) => service.computeHighlightRanges(text, position),
    definition: (uri, text, position) => service.computeDefinition({ uri }, text, position) ?? null,
    // Resolved at once (no lookup involved), so a client needs no resolve round trip. The library
    // sends an image of any other registry (gcr.io/…, a private one) to a Docker Hub page that does
    // not exist: those get no link.
    links(text) {
      const elsewhere = otherRegistryLines(text);
      return service.computeLinks(text)
        .filter((link) => link.target || !elsewhere.has(link.range.start.line))
        .map((link) => (link.target ? link : service.resolveLink(link)));
    },
    folding: (text) => service.computeFoldingRanges(text),
    semanticTokens: (text) => semanticTokensByPiece(service, text),
  };
}

/**
 * Our hover (findings, the stage of a FROM line) first, then the documentation: one hover, each
 * part once.
 */
export function mergeHovers(ours: Hover | null, docs: Hover | null): Hover | null {
  if (!ours || !docs) return ours ?? docs;
  const oursText = markdownOf(ours);
  const docsText = markdownOf(docs);
  if (oursText.includes(docsText)) return ours;
  return { contents: { kind: MarkupKind.Markdown, value: `${oursText}\n\n---\n\n${docsText}` }, range: ours.range ?? docs.range };
}

function markdownOf(hover: Hover): string {
  const contents = hover.contents;
  if (typeof contents === 'string') return contents;
  if (Array.isArray(contents)) return contents.map((part) => (typeof part === 'string' ? part : `\`\`\`${part.language}\n${part.value}\n\`\`\``)).join('\n\n');
  if ('kind' in contents) return (contents as MarkupContent).value;
  return `\`\`\`${contents.language}\n${contents.value}\n\`\`\``;
}

/**
 * In the tag of a FROM image from another registry than Docker Hub: the library would ask Docker
 * Hub about it, telling it a private image's name for no answer.
 */
function privateImageTag(text: string, position: Position): boolean {
  const line = text.split(/\r?\n/, position.line + 1)[position.line] ?? '';
  const match = /^\s*FROM\s+(?:--\S+\s+)*(\S+)$/i.exec(line.slice(0, position.character));
  if (!match) return false;
  const word = match[1];
  const tagColon = word.lastIndexOf(':');
  if (tagColon < 0 || word.indexOf('/', tagColon) >= 0) return false;
  const parts = word.slice(0, tagColon).split('/');
  return parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost');
}

/** Lines of FROM images on a registry the library has no page for (neither Docker Hub, GHCR, MCR nor Quay). */
function otherRegistryLines(text: string): Set<number> {
  const lines = new Set<number>();
  for (const from of DockerfileParser.parse(text).getFROMs()) {
    const registry = from.getRegistry();
    const image = from.getImageNameRange();
    if (registry && image && !LINKED_REGISTRIES.has(registry)) lines.add(image.start.line);
  }
  return lines;
}

const LINKED_REGISTRIES = new Set(['ghcr.io', 'mcr.microsoft.com', 'quay.io', 'docker.io', 'index.docker.io', 'registry-1.docker.io']);

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function withTimeout<T>(value: T | PromiseLike<T>, ms: number, fallback: T): Promise<T> {
  if (!value || typeof (value as PromiseLike<T>).then !== 'function') return Promise.resolve(value as T);
  return new Promise<T>((resolve) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    (value as PromiseLike<T>).then((result) => { clearTimeout(timer); resolve(result); }, () => { clearTimeout(timer); resolve(fallback); });
  });
}

/** Lines given to the library at once: its semantic tokens cost grows with the square of the size. */
const TOKEN_PIECE_LINES = 200;

/**
 * The library's semantic tokens, computed piece by piece (whole instructions; a piece after the
 * first gets the escape directive and its tokens are moved down to the piece's line) and joined:
 * the same tokens as for the whole text, in linear time (the library's own were quadratic: 1,000
 * stages took 8 s).
 */
function semanticTokensByPiece(service: DockerfileLanguageService, text: string): SemanticTokens {
  const escapeChar = escapeCharOf(parseDirectives(text));
  const pieces = piecesOf(text, escapeChar, TOKEN_PIECE_LINES);
  if (pieces.length <= 1) return service.computeSemanticTokens(text);
  const data: number[] = [];
  let lastLine = 0;
  pieces.forEach((piece, index) => {
    const prefix = index ? 1 : 0;
    const tokens = service.computeSemanticTokens(index ? `# escape=${escapeChar}\n${piece.text}` : piece.text).data;
    let line = 0;
    let first = true;
    for (let i = 0; i < tokens.length; i += 5) {
      line += tokens[i];
      if (line < prefix) continue; // the escape directive added above the piece
      const absolute = piece.line + line - prefix;
      // A token's line is relative to the previous token's; the first of a piece to the last of the one before.
      data.push(first ? absolute - lastLine : tokens[i], ...tokens.slice(i + 1, i + 5));
      first = false;
      lastLine = absolute;
    }
  });
  return { data };
}
