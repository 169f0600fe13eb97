// Which text of an instruction the shell runs: the command after the flags (continuations and
// comment lines removed) and, for `RUN <<EOF` scripts, each heredoc body run by a shell.
// Offsets are relative to the instruction's own text, so a parsed script depends only on the
// instruction (its text and start position) and can be cached across edits elsewhere.
import type { ShellSource } from './shell';
import { logicalSource } from './text';
import type { Heredoc, Instruction } from './types';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

type Position = { line: number; character: number };

/** Offset ↔ position within one instruction's text, in document coordinates. */
function instructionCoordinates(instruction: Instruction) {
  const base = instruction.range.start;
  const lineStarts = [0];
  const text = instruction.text;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) lineStarts.push(i + 1);
  }
  return {
    offsetAt(position: Position): number {
      const k = Math.max(0, Math.min(position.line - base.line, lineStarts.length - 1));
      const offset = lineStarts[k] + position.character - (k === 0 ? base.character : 0);
      return Math.max(0, Math.min(offset, instruction.text.length));
    },
    positionAt(offset: number): Position {
      let low = 0;
      let high = lineStarts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (lineStarts[mid] <= offset) low = mid;
        else high = mid - 1;
      }
      return { line: base.line + low, character: offset - lineStarts[low] + (low === 0 ? base.character : 0) };
    },
  };
}

export function shellSourcesOf(instruction: Instruction, model: { escapeChar: string }): ShellSource[] {
  const words = instruction.keyword === 'HEALTHCHECK' ? instruction.args.slice(1) : instruction.args;
  if (!words.length) return [];
  const coordinates = instructionCoordinates(instruction);
  const text = instruction.text;
  const start = coordinates.offsetAt(words[0].range.start);
  const firstHeredoc = instruction.heredocs[0];
  const end = firstHeredoc ? coordinates.offsetAt({ line: firstHeredoc.range.start.line, character: 0 }) : text.length;
  const commandLine = logicalSource(text, start, Math.max(start, end), model.escapeChar, coordinates.positionAt);
  const sources = [commandLine];
  if (instruction.keyword !== 'RUN') return sources;
  for (const heredoc of instruction.heredocs) {
    if (heredoc.contentRange && isScript(heredoc, commandLine.text)) {
      const from = coordinates.offsetAt(heredoc.contentRange.start);
      sources.push(logicalSource(text, from, from + heredoc.content.length, '\u0000', coordinates.positionAt));
    }
  }
  return sources;
}

/**
 * The whole scripts a shell runs for a shell-form RUN, as a script checker should read them:
 * `RUN <<EOF` (the command is only the heredoc): each body that is a shell script; otherwise the
 * command line with its heredoc bodies and terminator lines, the text BuildKit hands to `sh -c`,
 * and besides it each body fed to a shell under a quoted marker (`bash <<'EOF'`: the outer shell
 * leaves it alone, so it is a script of its own).
 */
export function runScriptSources(instruction: Instruction, escapeChar: string): RunScriptSource[] {
  if (instruction.keyword !== 'RUN' || instruction.form !== 'shell' || !instruction.args.length) return [];
  const coordinates = instructionCoordinates(instruction);
  const text = instruction.text;
  const start = coordinates.offsetAt(instruction.args[0].range.start);
  const firstHeredoc = instruction.heredocs[0];
  if (!firstHeredoc) return [logicalSource(text, start, text.length, escapeChar, coordinates.positionAt)];
  const end = Math.max(start, coordinates.offsetAt({ line: firstHeredoc.range.start.line, character: 0 }));
  const commandLine = logicalSource(text, start, end, escapeChar, coordinates.positionAt);
  const bodies = instruction.heredocs.flatMap((heredoc) => {
    if (!heredoc.contentRange || !isScript(heredoc, commandLine.text)) return [];
    const from = coordinates.offsetAt(heredoc.contentRange.start);
    return [{ heredoc, source: logicalSource(text, from, from + heredoc.content.length, '\u0000', coordinates.positionAt) }];
  });
  if (!commandLine.text.replace(HEREDOC_MARKER, ' ').trim()) return bodies.map((body) => body.source);
  // Heredoc bodies and terminators are the shell's own text: no continuation is removed there.
  const rest = logicalSource(text, end, text.length, '\u0000', coordinates.positionAt);
  const offsets = [...Array.from(commandLine.offsets).slice(0, -1), ...Array.from(rest.offsets)];
  const whole: ShellSource = { text: commandLine.text + rest.text, offsets, positionAt: coordinates.positionAt };
  const quotedBodies = bodies.filter((body) => QUOTED_MARKER.test(markerOf(body.heredoc, commandLine.text)));
  const interpreter = commandLine.text.replace(HEREDOC_MARKER, ' ').trim().split(/\s+/)[0];
  return [whole, ...quotedBodies.map((body) => ({ ...body.source, interpreter }))];
}

/** A script the shell runs; `interpreter`: the program that reads it on stdin (`bash <<'EOF'`). */
export interface RunScriptSource extends ShellSource {
  interpreter?: string;
}

const HEREDOC_MARKER = /<<-?\s*(["']?)[A-Za-z0-9_.-]+\1/g;
const QUOTED_MARKER = /^<<-?\s*["']/;

/** The `<<NAME` / `<<-'NAME'` marker of a heredoc as written on the command line ('' when not found). */
function markerOf(heredoc: Heredoc, commandLine: string): string {
  const escaped = heredoc.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`<<-?\\s*(["']?)${escaped}\\1`).exec(commandLine)?.[0] ?? '';
}

/** A heredoc body is a shell script when it is the whole command (`RUN <<EOF`) or a shell's stdin. */
function isScript(heredoc: Heredoc, commandLine: string): boolean {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(heredoc.content);
  if (shebang) {
    const program = shebang[1].slice(shebang[1].lastIndexOf('/') + 1);
    const interpreter = program === 'env' ? shebang[2] ?? '' : program;
    return SHELLS.has(interpreter);
  }
  const withoutHeredocs = commandLine.replace(HEREDOC_MARKER, ' ').trim();
  if (!withoutHeredocs) return true;
  const first = withoutHeredocs.split(/\s+/)[0];
  const program = first.slice(first.lastIndexOf('/') + 1);
  return SHELLS.has(program) && !/\s-c\b/.test(withoutHeredocs);
}
