// A POSIX-shell tokenizer that keeps offsets: words (with quotes, escapes, `$(...)`, backticks,
// `${...}`), control operators, redirections and comments. Offsets index the logical text the
// shell sees (Dockerfile continuations already removed); `ShellSource` maps them to the document.

export interface WordToken {
  kind: 'word';
  start: number;
  end: number;
  raw: string;
  /** Quotes removed and backslash escapes resolved; expansions kept as written. */
  value: string;
  quoted: boolean;
  /** Contains `$` expansion, `$(...)` or backticks: its value is only known at run time. */
  dynamic: boolean;
  /** Inner spans of `$(...)` and backtick substitutions, parsed as nested scripts. */
  substitutions: Array<{ start: number; end: number }>;
}

export interface OperatorToken {
  kind: 'op';
  start: number;
  end: number;
  /** `&&`, `||`, `;`, `;;`, `&`, `|`, `|&`, `(`, `)`, or '\n'. */
  op: string;
}

export interface RedirectToken {
  kind: 'redirect';
  start: number;
  end: number;
  /** `>`, `>>`, `<`, `<<`, `<<-`, `<<<`, `>&`, `<&`, `&>`, `&>>`, `>|`, `<>`. */
  op: string;
  /** Explicit file descriptor (`2>`), or null. */
  fd: string | null;
}

export type Token = WordToken | OperatorToken | RedirectToken;

const BLANK = new Set([' ', '\t', '\r']);
const OPERATOR_START = new Set([';', '&', '|', '(', ')', '<', '>', '\n']);

export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  const pendingHeredocs: Array<{ delimiter: string; stripTabs: boolean }> = [];
  let i = from;
  while (i < to) {
    const ch = text[i];
    if (BLANK.has(ch)) { i++; continue; }
    if (ch === '\\' && text[i + 1] === '\n') { i += 2; continue; }
    if (ch === '#') {
      while (i < to && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '\n') {
      tokens.push({ kind: 'op', op: '\n', start: i, end: i + 1 });
      i++;
      if (pendingHeredocs.length) i = skipHeredocBodies(text, i, to, pendingHeredocs.splice(0));
      continue;
    }
    const redirect = readRedirect(text, i, to);
    if (redirect) {
      tokens.push(redirect);
      i = redirect.end;
      if (redirect.op === '<<' || redirect.op === '<<-') {
        const delimiterWord = nextWord(text, i, to);
        if (delimiterWord) {
          tokens.push(delimiterWord);
          i = delimiterWord.end;
          pendingHeredocs.push({ delimiter: delimiterWord.value, stripTabs: redirect.op === '<<-' });
        }
      }
      continue;
    }
    if (OPERATOR_START.has(ch)) {
      const two = text.slice(i, i + 2);
      const op = ['&&', '||', ';;', '|&'].includes(two) ? two : ch;
      tokens.push({ kind: 'op', op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    const word = readWord(text, i, to);
    tokens.push(word);
    i = word.end;
  }
  return tokens;
}

function nextWord(text: string, from: number, to: number): WordToken | null {
  let i = from;
  while (i < to && BLANK.has(text[i])) i++;
  if (i >= to || OPERATOR_START.has(text[i])) return null;
  return readWord(text, i, to);
}

function skipHeredocBodies(text: string, from: number, to: number, heredocs: Array<{ delimiter: string; stripTabs: boolean }>): number {
  let i = from;
  for (const heredoc of heredocs) {
    while (i < to) {
      let lineEnd = text.indexOf('\n', i);
      if (lineEnd < 0 || lineEnd > to) lineEnd = to;
      let line = text.slice(i, lineEnd).replace(/\r$/, '');
      if (heredoc.stripTabs) line = line.replace(/^\t+/, '');
      i = Math.min(lineEnd + 1, to);
      if (line === heredoc.delimiter) break;
    }
  }
  return i;
}

function readRedirect(text: string, i: number, to: number): RedirectToken | null {
  let j = i;
  while (j < to && text[j] >= '0' && text[j] <= '9') j++;
  const fd = j > i ? text.slice(i, j) : null;
  const rest = text.slice(j, j + 3);
  const ops = fd === null
    ? ['&>>', '<<<', '<<-', '&>', '>>', '<<', '>&', '<&', '>|', '<>', '>', '<']
    : ['<<<', '<<-', '>>', '<<', '>&', '<&', '>|', '<>', '>', '<'];
  const op = ops.find((candidate) => rest.startsWith(candidate));
  if (!op) return null;
  return { kind: 'redirect', op, fd, start: i, end: j + op.length };
}

function readWord(text: string, start: number, to: number): WordToken {
  let i = start;
  let value = '';
  let quoted = false;
  let dynamic = false;
  const substitutions: Array<{ start: number; end: number }> = [];
  while (i < to) {
    const ch = text[i];
    if (BLANK.has(ch) || OPERATOR_START.has(ch)) {
      // `<(`/`>(` process substitution and `=(` are rare enough to split at.
      break;
    }
    if (ch === '\\') {
      if (text[i + 1] === '\n') { i += 2; continue; }
      value += text[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (ch === "'") {
      quoted = true;
      const close = text.indexOf("'", i + 1);
      const end = close < 0 || close >= to ? to : close;
      value += text.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (ch === '"') {
      quoted = true;
      i++;
      while (i < to && text[i] !== '"') {
        const c = text[i];
        if (c === '\\' && '$`"\\\n'.includes(text[i + 1] ?? '')) {
          if (text[i + 1] !== '\n') value += text[i + 1];
          i += 2;
        } else if (c === '$' || c === '`') {
          const end = readExpansion(text, i, to, substitutions);
          dynamic ||= end > i + 1;
          value += text.slice(i, end);
          i = end;
        } else {
          value += c;
          i++;
        }
      }
      i++;
      continue;
    }
    if (ch === '$' || ch === '`') {
      const end = readExpansion(text, i, to, substitutions);
      dynamic ||= end > i + 1;
      value += text.slice(i, end);
      i = end;
      continue;
    }
    value += ch;
    i++;
  }
  const end = Math.min(i, to);
  return { kind: 'word', start, end, raw: text.slice(start, end), value, quoted, dynamic, substitutions };
}

/** Returns the end of the expansion starting at `i` (`$x`, `${...}`, `$(...)`, `$((...))`, backticks). */
function readExpansion(text: string, i: number, to: number, substitutions: Array<{ start: number; end: number }>): number {
  if (text[i] === '`') {
    let j = i + 1;
    while (j < to && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
    substitutions.push({ start: i + 1, end: Math.min(j, to) });
    return Math.min(j + 1, to);
  }
  const next = text[i + 1];
  if (next === '(') {
    const arithmetic = text[i + 2] === '(';
    const close = matchParen(text, i + 1, to);
    if (!arithmetic) substitutions.push({ start: i + 2, end: Math.max(i + 2, close - 1) });
    return close;
  }
  if (next === '{') {
    let j = i + 2;
    let depth = 1;
    while (j < to && depth > 0) {
      if (text[j] === '{') depth++;
      else if (text[j] === '}') depth--;
      j++;
    }
    return j;
  }
  let j = i + 1;
  if (j < to && /[@*#?$!0-9-]/.test(text[j])) return j + 1;
  while (j < to && /[A-Za-z0-9_]/.test(text[j])) j++;
  return j;
}

/** From an opening `(` at `open`, the index after its matching `)`, skipping quoted text. */
function matchParen(text: string, open: number, to: number): number {
  let depth = 0;
  let i = open;
  while (i < to) {
    const ch = text[i];
    if (ch === '\\') { i += 2; continue; }
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? to : close + 1;
      continue;
    }
    if (ch === '"') {
      i++;
      while (i < to && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return to;
}
