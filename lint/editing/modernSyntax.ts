// What rcjsuen's language service does not know yet of today's Dockerfile syntax, filled in around
// it: completion and hover docs of the RUN flags (`--mount` with its types and keys, `--network`,
// `--security`), of the newer COPY/ADD flags (`--link`, `--chmod`, `--parents`, `--exclude`,
// `--checksum`, …), of the `# check=` directive (with the BuildKit check names), heredoc snippets,
// and the `syntax` directive pointing at the current frontend instead of `experimental`.
import type { DockerfileModel, Instruction } from '../../dockerfile/types';
import {
  CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Hover, type Position, type Range,
} from 'vscode-languageserver-types';
import { BUILDKIT_CHECKS } from '../buildkitChecks';

const REFERENCE = 'https://docs.docker.com/reference/dockerfile/';

interface FlagDoc {
  /** Needs `=value` (false: a switch like `--link`). */
  value: boolean;
  /** May appear more than once on one instruction. */
  repeatable?: boolean;
  doc: string;
  anchor: string;
}

/** Flags the library neither completes nor documents, by instruction. */
const FLAGS: Record<string, Record<string, FlagDoc>> = {
  RUN: {
    mount: { value: true, repeatable: true, anchor: 'run---mount', doc: 'Mounts a filesystem for this command only: a cache (`type=cache`) kept between builds, a secret or SSH agent that never lands in a layer, a bind of the context or of another stage, or a tmpfs. Needs BuildKit.' },
    network: { value: true, anchor: 'run---network', doc: 'The network this command runs in: `default`, `none` (no network at all) or `host` (needs the `network.host` entitlement).' },
    security: { value: true, anchor: 'run---security', doc: '`insecure` runs the command without the sandbox (needs the `security.insecure` entitlement); `sandbox` is the default.' },
  },
  COPY: {
    chmod: { value: true, anchor: 'copy---chmod', doc: 'Sets the permission bits of the copied files, octal (`0755`) or symbolic (`u=rwx,go=rx`), without an extra layer.' },
    link: { value: false, anchor: 'copy---link', doc: 'Copies into a layer of its own that does not depend on the layers before it: the copy stays cached when the base changes, and the layer can be rebased without rebuilding.' },
    parents: { value: false, anchor: 'copy---parents', doc: 'Keeps the parent folders of each source below the destination (`COPY --parents ./a/b/file /dst/` writes `/dst/a/b/file`).' },
    exclude: { value: true, repeatable: true, anchor: 'copy---exclude', doc: 'Leaves out the sources matching this pattern (the `.dockerignore` syntax); repeat it for more patterns.' },
  },
  ADD: {
    chmod: { value: true, anchor: 'add---chmod', doc: 'Sets the permission bits of the added files, octal or symbolic.' },
    link: { value: false, anchor: 'add---link', doc: 'Adds into a layer of its own that does not depend on the layers before it.' },
    checksum: { value: true, anchor: 'add---checksum', doc: 'The expected `sha256:` digest of a remote source: the build fails when the download differs.' },
    'keep-git-dir': { value: false, anchor: 'add---keep-git-dir', doc: 'Keeps the `.git` folder when adding a Git repository.' },
    exclude: { value: true, repeatable: true, anchor: 'add---exclude', doc: 'Leaves out the sources matching this pattern; repeat it for more patterns.' },
    unpack: { value: false, anchor: 'add---unpack', doc: 'Whether a local or remote archive is extracted (`--unpack=false` keeps it as a file).' },
  },
};

const MOUNT_TYPES: Record<string, string> = {
  bind: 'The build context or another stage (`from=`), read-only unless `rw`.',
  cache: 'A folder kept between builds for package managers and compilers (`id=`, `sharing=`).',
  tmpfs: 'An empty in-memory folder.',
  secret: 'A secret passed with `--secret id=…`, readable by this command only.',
  ssh: 'The SSH agent socket passed with `--ssh`, for private Git clones.',
};
const MOUNT_KEYS: Record<string, string[]> = {
  bind: ['target', 'source', 'from', 'rw'],
  cache: ['target', 'id', 'sharing', 'from', 'source', 'mode', 'uid', 'gid', 'ro'],
  tmpfs: ['target', 'size'],
  secret: ['id', 'target', 'env', 'required', 'mode', 'uid', 'gid'],
  ssh: ['id', 'target', 'required', 'mode', 'uid', 'gid'],
};
const VALUES: Record<string, string[]> = {
  network: ['default', 'none', 'host'],
  security: ['insecure', 'sandbox'],
  sharing: ['shared', 'private', 'locked'],
  required: ['true', 'false'],
  unpack: ['true', 'false'],
};

const DIRECTIVES: Record<string, { insert: string; doc: string }> = {
  syntax: { insert: 'syntax=docker/dockerfile:1', doc: 'The Dockerfile frontend BuildKit uses for this file. `docker/dockerfile:1` follows the latest stable 1.x syntax (heredocs, `RUN --mount`, `COPY --link`, …).' },
  check: { insert: 'check=skip=', doc: 'Configures BuildKit\'s build checks for this file: `skip=Name,Name` (or `skip=all`) turns checks off, `error=true` fails the build on a check warning, `experimental=Name,Name` (or `all`) runs experimental checks. Dockscope honours all three for the rules that stand for a BuildKit check: `skip` turns them off, `experimental=Name|all` turns on the experimental ones (InvalidDefinitionDescription), `error=true` reports their findings as errors.' },
  escape: { insert: 'escape=`', doc: 'The escape character of this file: `\\` (default) or `` ` `` (handy on Windows paths).' },
};

const HEREDOC_SNIPPETS: CompletionItem[] = [
  { label: 'RUN <<EOF', detail: 'RUN with a heredoc script', insertText: 'RUN <<EOF\n${1:set -e}\n$0\nEOF', doc: 'Runs a multi-line script without `&& \\\\` chains.' },
  { label: 'COPY <<EOF', detail: 'COPY a file written inline', insertText: 'COPY <<EOF ${1:/path/in/image}\n$0\nEOF', doc: 'Writes a file into the image from the lines up to `EOF`.' },
].map(({ doc, ...item }) => ({ ...item, kind: CompletionItemKind.Snippet, insertTextFormat: InsertTextFormat.Snippet, documentation: { kind: MarkupKind.Markdown, value: doc } }));

/** The instruction at a position (continuations and heredoc bodies included) and the line up to it. */
interface Context {
  model: DockerfileModel;
  instruction: Instruction | null;
  lineBefore: string;
}

// Works on the model the lint already built for this text: a second parse of a 20 KB file would
// double the cost of each completion.
function contextAt(model: DockerfileModel, position: Position): Context {
  const instruction = model.instructions.find((i) => i.range.start.line <= position.line && position.line <= i.range.end.line) ?? null;
  return { model, instruction, lineBefore: (model.lines[position.line] ?? '').slice(0, position.character) };
}

/** Completion items the library lacks at this position (added to, never replacing, its own). */
export function modernCompletions(model: DockerfileModel, position: Position, snippets: boolean): CompletionItem[] {
  const ctx = contextAt(model, position);
  const directive = directiveCompletions(ctx, position);
  if (directive) return directive;
  const word = /(\S*)$/.exec(ctx.lineBefore)![1];
  const replace = (length: number): Range => ({ start: { line: position.line, character: position.character - length }, end: position });
  if (!ctx.instruction || ctx.instruction.range.start.line === position.line && ctx.lineBefore.trim() === word && !word.startsWith('-')) {
    // The instruction keyword itself: heredoc forms next to the library's snippets.
    if (!snippets || /[^A-Za-z]/.test(word)) return [];
    return HEREDOC_SNIPPETS.filter((item) => item.label.startsWith(word.toUpperCase())).map((item) => ({ ...item, textEdit: { range: replace(word.length), newText: item.insertText! } }));
  }
  const keyword = ctx.instruction.keyword;
  const flags = FLAGS[keyword];
  if (!flags || !word.startsWith('-') || !onlyFlagsBefore(ctx.instruction, position)) return [];
  const eq = word.indexOf('=');
  if (eq < 0) {
    const present = new Set(ctx.instruction.flags.filter((f) => f.range.end.line !== position.line || f.range.end.character !== position.character).map((f) => f.name));
    return Object.entries(flags)
      .filter(([name, flag]) => `--${name}`.startsWith(word) && (flag.repeatable || !present.has(name)))
      .map(([name, flag]) => ({
        label: `--${name}${flag.value ? '=' : ''}`, kind: CompletionItemKind.Field,
        textEdit: { range: replace(word.length), newText: `--${name}${flag.value ? '=' : ''}` },
        documentation: flagDocs(name, flag),
      }));
  }
  const name = word.slice(2, eq);
  const value = word.slice(eq + 1);
  if (name === 'mount' && keyword === 'RUN') return mountCompletions(ctx.model, value, replace);
  return valueItems(VALUES[name] ?? [], value, replace);
}

function mountCompletions(model: DockerfileModel, value: string, replace: (length: number) => Range): CompletionItem[] {
  const options = value.split(',');
  const current = options.pop()!;
  const type = options.map((o) => /^type=(.*)$/.exec(o)?.[1]).find(Boolean) ?? (current.startsWith('type=') ? undefined : 'bind');
  const eq = current.indexOf('=');
  if (eq < 0) {
    const used = new Set(options.map((o) => o.split('=')[0]));
    const keys = ['type', ...(MOUNT_KEYS[type ?? 'bind'] ?? [])].filter((key) => !used.has(key) && key.startsWith(current));
    return keys.map((key) => ({
      label: `${key}=`, kind: CompletionItemKind.Property, textEdit: { range: replace(current.length), newText: `${key}=` },
    }));
  }
  const key = current.slice(0, eq);
  const typed = current.slice(eq + 1);
  if (key === 'type') {
    return Object.entries(MOUNT_TYPES).filter(([name]) => name.startsWith(typed)).map(([name, doc]) => ({
      label: name, kind: CompletionItemKind.EnumMember, textEdit: { range: replace(typed.length), newText: name },
      documentation: { kind: MarkupKind.Markdown, value: doc },
    }));
  }
  if (key === 'from') {
    const stages = model.stages.map((stage) => stage.name).filter((name): name is string => Boolean(name));
    return valueItems(stages, typed, replace, CompletionItemKind.Reference);
  }
  return valueItems(VALUES[key] ?? [], typed, replace);
}

function valueItems(values: readonly string[], typed: string, replace: (length: number) => Range, kind: CompletionItemKind = CompletionItemKind.EnumMember): CompletionItem[] {
  return values.filter((value) => value.startsWith(typed)).map((value) => ({ label: value, kind, textEdit: { range: replace(typed.length), newText: value } }));
}

/** In the directive header (comment lines before anything else): directive names, then check names. */
function directiveCompletions(ctx: Context, position: Position): CompletionItem[] | null {
  const match = /^\s*#\s*(.*)$/.exec(ctx.lineBefore);
  if (!match || !inDirectiveHeader(ctx, position.line)) return null;
  const typed = match[1];
  const replace = (length: number): Range => ({ start: { line: position.line, character: position.character - length }, end: position });
  const check = /^check\s*=\s*(.*)$/.exec(typed);
  if (check) {
    const setting = check[1].split(';').pop()!.trimStart();
    const skip = /^skip=(.*)$/.exec(setting);
    if (skip) {
      const names = skip[1].split(',');
      const current = names.pop()!;
      return ['all', ...BUILDKIT_CHECKS].filter((name) => !names.includes(name) && name.startsWith(current))
        .map((name) => ({ label: name, kind: CompletionItemKind.EnumMember, textEdit: { range: replace(current.length), newText: name } }));
    }
    if (setting.includes('=')) return [];
    return ['skip=', 'error=true', 'experimental='].filter((item) => item.startsWith(setting))
      .map((item) => ({ label: item, kind: CompletionItemKind.Property, textEdit: { range: replace(setting.length), newText: item } }));
  }
  if (typed.includes('=') || /\s/.test(typed)) return [];
  return Object.entries(DIRECTIVES).filter(([name]) => name.startsWith(typed.toLowerCase())).map(([name, directive]) => ({
    label: directive.insert, kind: CompletionItemKind.Keyword, textEdit: { range: replace(typed.length), newText: directive.insert },
    documentation: { kind: MarkupKind.Markdown, value: directive.doc }, filterText: name,
  }));
}

/** The library's directive proposals that ours replace (`syntax=…:experimental` is out of date). */
export function isReplacedDirectiveItem(item: CompletionItem): boolean {
  return /^syntax=.*:experimental$/.test(item.label) || /^escape=/.test(item.label);
}

function inDirectiveHeader(ctx: Context, line: number): boolean {
  const first = ctx.model.instructions[0];
  if (first && first.range.start.line <= line) return false;
  // Directives end at the first line that is not one (a plain comment, a blank line).
  return ctx.model.lines.slice(0, line).every((text) => DIRECTIVE_LINE.test(text));
}

const DIRECTIVE_LINE = /^\s*#\s*[A-Za-z]+\s*=/;

/** Hover docs for what the library has none for: the newer flags and the `# check=` directive. */
export function modernHover(model: DockerfileModel, position: Position): Hover | null {
  const ctx = contextAt(model, position);
  const line = model.lines[position.line] ?? '';
  const directive = /^(\s*#\s*)(check|syntax|escape)(\s*=)/.exec(line);
  if (directive && !ctx.instruction && inDirectiveHeader(ctx, position.line)) {
    const start = directive[1].length;
    const end = start + directive[2].length;
    if (position.character < start || position.character > end) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: `${DIRECTIVES[directive[2]].doc}\n\n[Online documentation](${REFERENCE}#${directive[2]})` },
      range: { start: { line: position.line, character: start }, end: { line: position.line, character: end } },
    };
  }
  if (!ctx.instruction) return null;
  const flags = FLAGS[ctx.instruction.keyword];
  if (!flags) return null;
  for (const flag of ctx.instruction.flags) {
    const doc = flags[flag.name];
    // From the dashes to the end of the name: the word a hover belongs to.
    const word = { start: flag.range.start, end: flag.nameRange.end };
    if (!doc || !inside(word, position)) continue;
    return { contents: flagDocs(flag.name, doc), range: word };
  }
  return null;
}

function flagDocs(name: string, flag: FlagDoc): { kind: MarkupKind; value: string } {
  return { kind: MarkupKind.Markdown, value: `\`--${name}${flag.value ? '=…' : ''}\`\n\n${flag.doc}\n\n[Online documentation](${REFERENCE}#${flag.anchor})` };
}

/** Every argument before the position is a flag: the position is still in the flags. */
function onlyFlagsBefore(instruction: Instruction, position: Position): boolean {
  return instruction.args.every((arg) => !before(arg.range.end, position) || arg.value.startsWith('--'));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function inside(range: Range, position: Position): boolean {
  return !before(position, range.start) && !before(range.end, position);
}
