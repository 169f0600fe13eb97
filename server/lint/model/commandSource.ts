// Which text of an instruction the shell runs: the command after the flags (continuations and
// comment lines removed) and, for `RUN <<EOF` scripts, each heredoc body run by a shell.
import { contiguousSource, type ShellSource } from './shell';
import { logicalSource } from './text';
import type { DockerfileModel, Heredoc, Instruction } from './types';

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'busybox']);

export function shellSourcesOf(instruction: Instruction, model: Pick<DockerfileModel, 'text' | 'offsetAt' | 'positionAt' | 'escapeChar'>): ShellSource[] {
  const words = instruction.keyword === 'HEALTHCHECK' ? instruction.args.slice(1) : instruction.args;
  if (!words.length) return [];
  const positionAt = model.positionAt;
  const start = model.offsetAt(words[0].range.start);
  const firstHeredoc = instruction.heredocs[0];
  const end = firstHeredoc
    ? model.offsetAt({ line: firstHeredoc.range.start.line, character: 0 })
    : model.offsetAt(instruction.range.end);
  const commandLine = logicalSource(model.text, start, Math.max(start, end), model.escapeChar, positionAt);
  const sources = [commandLine];
  if (instruction.keyword !== 'RUN') return sources;
  for (const heredoc of instruction.heredocs) {
    if (heredoc.contentRange && isScript(heredoc, commandLine.text)) {
      sources.push(contiguousSource(heredoc.content, model.offsetAt(heredoc.contentRange.start), positionAt));
    }
  }
  return sources;
}

/** A heredoc body is a shell script when it is the whole command (`RUN <<EOF`) or a shell's stdin. */
function isScript(heredoc: Heredoc, commandLine: string): boolean {
  const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(heredoc.content);
  if (shebang) {
    const program = shebang[1].slice(shebang[1].lastIndexOf('/') + 1);
    const interpreter = program === 'env' ? shebang[2] ?? '' : program;
    return SHELLS.has(interpreter);
  }
  const withoutHeredocs = commandLine.replace(/<<-?\s*(["']?)[A-Za-z0-9_.-]+\1/g, ' ').trim();
  if (!withoutHeredocs) return true;
  const first = withoutHeredocs.split(/\s+/)[0];
  const program = first.slice(first.lastIndexOf('/') + 1);
  return SHELLS.has(program) && !/\s-c\b/.test(withoutHeredocs);
}
