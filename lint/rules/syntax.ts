// syntax: what BuildKit's parser rejects, found before a build is started.
import type { Finding, Rule, RuleContext } from '../rule';
import type { Flag, Instruction } from '../../dockerfile/types';
import { closest } from '../util/closest';

const KEYWORDS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
];
const KNOWN = new Set(KEYWORDS);

/** Flags BuildKit accepts per instruction; `true` = boolean (no value needed). */
const FLAGS: Record<string, Record<string, boolean>> = {
  FROM: { platform: false },
  COPY: { from: false, chown: false, chmod: false, link: true, parents: true, exclude: false },
  ADD: { chown: false, chmod: false, link: true, 'keep-git-dir': true, checksum: false, exclude: false, unpack: true },
  RUN: { mount: false, network: false, security: false, device: false },
  HEALTHCHECK: { interval: false, timeout: false, 'start-period': false, 'start-interval': false, retries: false },
};
/** BuildKit reads leading `--words` of every instruction as flags; these accept none (ARG and STOPSIGNAL ignore them). */
const FLAGLESS = new Set(['CMD', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'LABEL', 'MAINTAINER', 'ONBUILD', 'SHELL', 'USER', 'VOLUME', 'WORKDIR']);
const MOUNT_TYPES = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'];
const MOUNT_KEYS = [
  'type', 'target', 'dst', 'destination', 'source', 'src', 'from', 'ro', 'readonly', 'rw', 'readwrite', 'id',
  'sharing', 'mode', 'uid', 'gid', 'required', 'size', 'env',
];
const NETWORKS = ['default', 'none', 'host'];
const JSON_INSTRUCTIONS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK']);
/** A single-quoted JSON-looking array: `['a', 'b']`, `['/app']`. */
const SINGLE_QUOTED_ARRAY = /^\[\s*'[^']*'(\s*,\s*'[^']*')*\s*\]$/;
/** Looks meant as JSON (a comma, or a quote right after `[`), unlike the shell test `[ -f x ]`. */
const ARRAY_LIKE = /^\[(["'][\s\S]*,[\s\S]*|["'][\s\S]*)\]$/;

export const syntax: Rule = {
  meta: {
    id: 'syntax',
    category: 'correctness',
    severity: 'error',
    aliases: ['DL3061'],
    description: 'What the Dockerfile parser rejects: no instructions, unknown instructions, missing arguments, bad flags, invalid JSON arrays, a continuation that swallows the next instruction.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    for (const directive of ctx.model.directives) {
      if (directive.name === 'escape' && directive.value !== '\\' && directive.value !== '`') {
        findings.push({ range: directive.valueRange, message: `Invalid escape character "${directive.value}": the build fails; use \\ or \`.` });
      }
    }
    const instructions = ctx.model.instructions;
    if (!instructions.length) {
      findings.push({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: ctx.lineText(0).length } },
        message: 'No instructions (the file is empty or only comments): the build fails ("file with no instructions").',
      });
    } else if (!ctx.model.stages.length && instructions.every((instruction) => instruction.keyword === 'ARG')) {
      findings.push({ range: instructions[0].keywordRange, message: 'No FROM: there is no stage to build, the build fails.' });
    }
    for (const instruction of instructions) {
      const swallowed = swallowedInstruction(ctx, instruction);
      if (swallowed) findings.push(swallowed);
      if (!KNOWN.has(instruction.keyword)) {
        findings.push(unknownInstruction(ctx, instruction));
        continue;
      }
      if (instruction.stageIndex < 0 && instruction.keyword !== 'ARG') {
        findings.push({ range: instruction.keywordRange, message: `${instruction.keyword} before the first FROM: only ARG may come before FROM, the build fails.` });
      }
      if (!instruction.args.length && !instruction.heredocs.length) {
        findings.push({ range: instruction.keywordRange, message: `${instruction.keyword} has no arguments: the build fails.` });
        continue;
      }
      findings.push(...flagFindings(ctx, instruction), ...leadingFlagFindings(instruction), ...argumentFindings(ctx, instruction));
      findings.push(...onbuildFindings(instruction));
    }
    return findings;
  },
};

function unknownInstruction(ctx: RuleContext, instruction: Instruction): Finding {
  // Short words are too easily one edit from the wrong keyword (FOO → FROM).
  const suggestion = closest(instruction.keyword, KEYWORDS, instruction.keyword.length <= 4 ? 1 : 2);
  const message = `Unknown instruction ${instruction.rawKeyword}: the build fails here${suggestion ? ` (did you mean ${suggestion}?)` : ''}.`;
  if (!suggestion) return { range: instruction.keywordRange, message };
  const cased = instruction.rawKeyword === instruction.rawKeyword.toLowerCase() ? suggestion.toLowerCase() : suggestion;
  return {
    range: instruction.keywordRange, message,
    fixes: [{ title: `Change to ${cased}`, edits: [ctx.replace(instruction.keywordRange, cased)], preferred: true }],
  };
}

function flagFindings(ctx: RuleContext, instruction: Instruction): Finding[] {
  const known = FLAGS[instruction.keyword];
  if (!known) return [];
  const findings: Finding[] = [];
  for (const flag of instruction.flags) {
    const names = Object.keys(known);
    if (!(flag.name in known)) {
      const suggestion = names.find((name) => name === flag.name.toLowerCase()) ?? closest(flag.name, names, 2);
      const message = `${instruction.keyword} has no flag --${flag.name}: the build fails${suggestion ? ` (did you mean --${suggestion}?)` : ''}.`;
      findings.push({
        range: flag.nameRange, message,
        fixes: suggestion ? [{ title: `Change to --${suggestion}`, edits: [ctx.replace(flag.nameRange, suggestion)], preferred: true }] : undefined,
      });
      continue;
    }
    if (!known[flag.name] && !flag.value) {
      findings.push({ range: flag.range, message: `--${flag.name} needs a value: the build fails.` });
      continue;
    }
    if (instruction.keyword === 'RUN' && flag.name === 'mount') findings.push(...mountFindings(ctx, flag));
    if (instruction.keyword === 'RUN' && flag.name === 'network' && flag.value && flag.valueRange && !NETWORKS.includes(flag.value)) {
      findings.push(valueFinding(ctx, flag.valueRange, flag.value, NETWORKS, '--network'));
    }
  }
  return findings;
}

function mountFindings(ctx: RuleContext, flag: Flag): Finding[] {
  const findings: Finding[] = [];
  for (const option of flag.options) {
    const key = option.name.toLowerCase();
    if (!MOUNT_KEYS.includes(key)) {
      const suggestion = closest(key, MOUNT_KEYS, 2);
      const nameRange = { start: option.range.start, end: { line: option.range.start.line, character: option.range.start.character + option.name.length } };
      findings.push({
        range: nameRange,
        message: `--mount has no option "${option.name}": the build fails${suggestion ? ` (did you mean ${suggestion}?)` : ''}.`,
        fixes: suggestion ? [{ title: `Change to ${suggestion}`, edits: [ctx.replace(nameRange, suggestion)], preferred: true }] : undefined,
      });
    } else if (key === 'type' && option.value !== null && option.valueRange && !MOUNT_TYPES.includes(option.value)) {
      findings.push(valueFinding(ctx, option.valueRange, option.value, MOUNT_TYPES, '--mount type'));
    }
  }
  return findings;
}

function valueFinding(ctx: RuleContext, range: Finding['range'], value: string, allowed: string[], what: string): Finding {
  const suggestion = allowed.find((candidate) => candidate === value.toLowerCase()) ?? closest(value, allowed, 2);
  return {
    range,
    message: `${what} "${value}" is not one of ${allowed.join(', ')}: the build fails${suggestion ? ` (did you mean ${suggestion}?)` : ''}.`,
    fixes: suggestion ? [{ title: `Change to ${suggestion}`, edits: [ctx.replace(range, suggestion)], preferred: true }] : undefined,
  };
}

function argumentFindings(ctx: RuleContext, instruction: Instruction): Finding[] {
  const args = instruction.args;
  const all = instruction.argsRange!;
  switch (instruction.keyword) {
    case 'FROM': {
      const named = args.length === 3 && args[1].value.toUpperCase() === 'AS';
      if (args.length !== 1 && !named) {
        return [{ range: all, message: 'FROM takes an image and an optional "AS name": the build fails.' }];
      }
      if (named && !/^[a-zA-Z][a-zA-Z0-9_.-]*$/.test(args[2].value)) {
        return [{ range: args[2].range, message: `Invalid stage name "${args[2].value}": it must start with a letter and use only letters, digits, "-", "_" and ".".` }];
      }
      return [];
    }
    case 'HEALTHCHECK': {
      const mode = args[0].value.toUpperCase();
      if (mode !== 'CMD' && mode !== 'NONE') return [{ range: args[0].range, message: 'HEALTHCHECK takes CMD <command> or NONE: the build fails.' }];
      if (mode === 'NONE' && args.length > 1) return [{ range: all, message: 'HEALTHCHECK NONE takes no other arguments: the build fails.' }];
      if (mode === 'CMD' && args.length === 1) return [{ range: args[0].range, message: 'HEALTHCHECK CMD has no command: the build fails.' }];
      return jsonFindings(ctx, instruction, args.slice(1));
    }
    case 'SHELL':
      if (instruction.form !== 'json') return [...jsonFindings(ctx, instruction, args), { range: all, message: 'SHELL needs the JSON form, e.g. ["/bin/bash", "-c"]: the build fails.' }].slice(0, 1);
      return [];
    case 'ENV':
    case 'LABEL':
      return instruction.properties.filter((property) => property.value === null).map((property) => ({
        range: property.range,
        message: `${instruction.keyword} ${property.name} has no value: the build fails ("${instruction.keyword} ${property.name}=value").`,
      }));
    default:
      return JSON_INSTRUCTIONS.has(instruction.keyword) ? jsonFindings(ctx, instruction, args) : [];
  }
}

/** Arguments that look like a JSON array but are not valid JSON: BuildKit runs them as a shell string. */
function jsonFindings(ctx: RuleContext, instruction: Instruction, words: Instruction['args']): Finding[] {
  if (instruction.form !== 'shell' || !words.length || !words[0].value.startsWith('[')) return [];
  const range = { start: words[0].range.start, end: words[words.length - 1].range.end };
  const text = ctx.textOf(range);
  if (!ARRAY_LIKE.test(text)) return [];
  const finding: Finding = {
    range,
    message: `Not a valid JSON array (JSON needs double quotes): ${instruction.keyword} runs it as a shell command "${text.slice(0, 40)}", which fails.`,
  };
  if (SINGLE_QUOTED_ARRAY.test(text)) {
    finding.fixes = [{ title: 'Use double quotes', edits: [ctx.replace(range, text.replace(/'/g, '"'))], preferred: true, safe: true }];
  }
  return [finding];
}

/**
 * `--words` before the arguments of an instruction that has no flags: BuildKit stops with
 * "unknown flag" (dockerfile-ast keeps them as arguments of these instructions).
 */
function leadingFlagFindings(instruction: Instruction): Finding[] {
  if (!FLAGLESS.has(instruction.keyword)) return [];
  const findings: Finding[] = [];
  for (const word of instruction.args) {
    if (!word.value.startsWith('--') || word.value === '--') break;
    const name = word.value.slice(2).split('=')[0];
    findings.push({
      range: word.range,
      message: `${instruction.keyword} has no flag --${name}: the build fails (BuildKit reads words starting with -- before the arguments as flags).`,
    });
  }
  return findings;
}

function onbuildFindings(instruction: Instruction): Finding[] {
  if (instruction.keyword !== 'ONBUILD' || !instruction.trigger) return [];
  const trigger = instruction.trigger;
  if (trigger.keyword === 'ONBUILD') return [{ range: trigger.keywordRange, message: 'ONBUILD ONBUILD is not allowed: the build fails.' }];
  if (trigger.keyword === 'FROM' || trigger.keyword === 'MAINTAINER') {
    return [{ range: trigger.keywordRange, message: `${trigger.keyword} is not allowed as an ONBUILD trigger: the build fails.` }];
  }
  return [];
}

const KEYWORD_LINE = new RegExp(`^[ \\t]*(${KEYWORDS.join('|')})(?=[ \\t]|$)`);

/**
 * A line of a continued instruction that reads like an instruction of its own (`COPY . /app`
 * after `RUN make \`): the continuation makes it words of this instruction. Only upper-case
 * keywords outside quotes count, so `env GOOS=linux go build` and SQL in a string are left alone.
 */
function swallowedInstruction(ctx: RuleContext, instruction: Instruction): Finding | null {
  const start = instruction.range.start.line;
  const bodyEnd = instruction.heredocs.length ? instruction.heredocs[0].range.start.line - 1 : instruction.range.end.line;
  // The instruction's lines so far, continuation characters removed; joined only on a match.
  const parts = [withoutContinuation(ctx.lineText(start), ctx.escapeChar)];
  let previous = start;
  for (let line = start + 1; line <= bodyEnd; line++) {
    const text = ctx.lineText(line);
    if (text.trim() === '' || /^[ \t]*#/.test(text)) continue;
    const match = KEYWORD_LINE.exec(text);
    if (match && !endsWithEscapedEscape(ctx.lineText(previous), ctx.escapeChar)) {
      const logical = parts.join(' ');
      // `HEALTHCHECK --interval=5s \` + `CMD …` and `ONBUILD \` + `RUN …`: the line is the first
      // argument. A line ending in a doubled escape (`C:\\`) does not continue in BuildKit.
      const firstArgument = logical.trim().split(/\s+/).slice(1).every((word) => word.startsWith('--'));
      if (!firstArgument && !insideQuotes(logical, ctx.escapeChar)) {
        const escape = continuationRange(ctx, previous);
        const keyword = match[1];
        const what = instruction.keyword === 'RUN' ? 'its command gets them as arguments: the build fails or runs something else' : `the build fails or ${instruction.keyword} does something else`;
        return {
          range: escape,
          message: `This line ends with ${ctx.escapeChar}, so line ${line + 1} ("${text.trim().slice(0, 40)}") is part of this ${instruction.keyword}, not a separate ${keyword} instruction: ${what}.`,
          related: [{ range: { start: { line, character: match[0].length - keyword.length }, end: { line, character: text.length } }, message: `read as words of the ${instruction.keyword} above` }],
          fixes: [{ title: `End the ${instruction.keyword} here (remove the ${ctx.escapeChar})`, preferred: true, edits: [ctx.replace(escape, '')] }],
        };
      }
    }
    parts.push(withoutContinuation(text, ctx.escapeChar));
    previous = line;
  }
  return null;
}

/** The text without the spaces and tabs at its end (a loop: a regex would be quadratic on long blank runs). */
function trimBlanksEnd(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return text.slice(0, end);
}

function endsWithEscapedEscape(text: string, escapeChar: string): boolean {
  return trimBlanksEnd(text).endsWith(escapeChar + escapeChar);
}

function withoutContinuation(text: string, escapeChar: string): string {
  const trimmed = trimBlanksEnd(text);
  return trimmed.endsWith(escapeChar) ? trimmed.slice(0, -1) : trimmed;
}

/** The trailing escape character of a line, with the blanks before it. */
function continuationRange(ctx: RuleContext, line: number): Finding['range'] {
  const trimmed = trimBlanksEnd(ctx.lineText(line));
  const before = trimBlanksEnd(trimmed.slice(0, -1));
  return { start: { line, character: before.length }, end: { line, character: trimmed.length } };
}

/** Whether shell-like quoting is still open at the end of `text`. */
function insideQuotes(text: string, escapeChar: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = null;
    } else if (c === escapeChar || c === '\\') {
      i++;
    } else if (quote === '"') {
      if (c === '"') quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    }
  }
  return quote !== null;
}
