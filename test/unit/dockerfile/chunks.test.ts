import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DockerfileParser } from 'dockerfile-ast';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { clearChunkCache, parseInstructions } from '../../../dockerfile/chunks';
import { parseDirectives } from '../../../dockerfile/directives';
import { toInstruction } from '../../../dockerfile/instructions';
import { scanArguments } from '../../../dockerfile/astArguments';
import { buildModel } from '../../../dockerfile/model';

function parseWhole(text: string) {
  const escapeChar = parseDirectives(text).find((d) => d.name === 'escape')?.value === '`' ? '`' : '\\';
  const document = TextDocument.create('file:///x', 'dockerfile', 0, text);
  return { escapeChar, instructions: DockerfileParser.parse(text).getInstructions().map((node, i) => toInstruction(node, i, document, escapeChar)) };
}

const LINES = [
  'FROM golang:1.22 AS build', 'from alpine:3.20', 'RUN apk add git \\', '    make \\', '  # comment in continuation', '',
  '# a comment', 'RUN <<EOF', 'echo in heredoc', 'RUN not an instruction inside heredoc', 'EOF', 'COPY <<-END /x', '\tEND',
  'ENV A=1 B="x y"', 'ARG V=1', 'CMD ["a", \\', '  "b"]', 'WORKDIR /src `', 'USER 65532', 'HEALTHCHECK CMD curl -f x || exit 1',
  'RUN echo a && \\', 'LABEL a=b', '   RUN indented', 'RUNN typo', 'onbuild run x', 'RUN echo "unterminated',
  // White space only trim() knows (ordinary characters to dockerfile-ast), an escape before it,
  // a heredoc word with it, `<<` inside a word and after a flag.
  '\u00a0RUN nbsp-indented \\\u3000', '\u3000', 'RUN echo a\u2028b', 'RUN cat x<<y', 'COPY --chmod=644 <<EOF /y', 'COPY <<EOF\u3000/z', 'EOF',
];

test('chunked parsing gives exactly the instructions of a whole-file parse', () => {
  fc.assert(fc.property(
    fc.array(fc.constantFrom(...LINES), { maxLength: 40 }),
    fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.boolean(),
    (lines, eol, backtick, bom) => {
      const body = backtick ? ['# escape=`', ...lines.map((l) => l.replace(/\\$/, '`'))] : lines;
      // Mixed line endings too: a lone \r in an otherwise LF file is a line break for LSP.
      // A byte-order mark: dockerfile-ast skips it in a whole parse, so the first chunk must too.
      const text = (bom ? '\uFEFF' : '') + body.map((line, i) => line + (i % 7 === 3 ? '\r' : eol)).join('');
      const whole = parseWhole(text);
      clearChunkCache();
      assert.deepEqual(parseInstructions(text, whole.escapeChar, { fill: 'never' }), whole.instructions, 'chunk by chunk');
      clearChunkCache();
      assert.deepEqual(parseInstructions(text, whole.escapeChar, { fill: 'always' }), whole.instructions, 'filled from a whole parse');
      assert.deepEqual(parseInstructions(text, whole.escapeChar, { reuse: false }), whole.instructions, 'parsed once, nothing cached');
      assert.deepEqual(parseInstructions(text, whole.escapeChar), whole.instructions, 'from the cache');
    },
  ), { numRuns: 600 });
});

test('chunk boundaries follow dockerfile-ast\'s heredoc and white-space rules', () => {
  const cases = {
    // Found by the property above: `<<-END` in a CMD continuation is no heredoc, so the RUN's
    // unterminated `<<EOF` swallows the FROM after it.
    'heredoc marker outside ADD/COPY/RUN': 'CMD ["a", \\\nCOPY <<-END /x\nRUN <<EOF\n\tEND\rFROM golang:1.22 AS build\n',
    'marker not at the start of an argument': 'RUN cat<<EOF\nFROM alpine:3.20\nEOF\nRUN true\n',
    'heredocs start after the continued instruction': 'RUN <<EOF \\\n  && echo more\necho body\nEOF\nFROM alpine:3.20\n',
    'one <<- strips tabs for every heredoc': 'COPY <<A <<-B /x\n\tA\nFROM a\n\tB\nRUN true\n',
    'ONBUILD trigger': 'ONBUILD RUN <<EOF\nFROM alpine:3.20\nEOF\nRUN true\n',
    'quoted names and <<<': 'RUN <<"EOF" <<<x\nFROM a\nEOF\nRUN true\n',
    // Found by the property above: only spaces and tabs may follow an escape that continues a
    // line; after U+3000 the line ends, so the COPY is an instruction and its heredoc takes the FROM.
    'escape then a Unicode space': '    make \\\n RUN nbsp-indented \\\u3000\nCOPY --chmod=644 <<EOF /y\nFROM golang:1.22 AS build\r',
    'a continuation line of only a Unicode space ends the instruction': 'RUN echo a \\\n\u3000\nCOPY <<EOF /y\nFROM a\n',
    'escape then a vertical tab': 'RUN echo a \\\v\nCOPY <<EOF /y\nFROM a\n',
    'a Unicode space inside a heredoc word': 'COPY <<EOF\u3000/y\nbody\nEOF\nFROM a\nRUN true\n',
  };
  for (const [name, text] of Object.entries(cases)) {
    const whole = parseWhole(text);
    for (const fill of ['never', 'always'] as const) {
      clearChunkCache();
      assert.deepEqual(parseInstructions(text, whole.escapeChar, { fill }), whole.instructions, `${name} (fill ${fill})`);
    }
  }
});

test('chunked parsing reuses unchanged instructions across edits without sharing mutable state', () => {
  const text = 'FROM a:1\nRUN echo one\nRUN echo two\n';
  const first = parseInstructions(text, '\\');
  first[2].stageIndex = 7;
  const second = parseInstructions(text.replace('one', 'uno'), '\\');
  assert.equal(second[2].stageIndex, -1);
  assert.deepEqual(second.map((i) => i.args.map((a) => a.value).join(' ')), ['a:1', 'echo uno', 'echo two']);
});

test('dockerfile-ast arguments are scanned once per instruction and read as the scan reads them', () => {
  const text = 'FROM --platform=$BUILDPLATFORM golang:1.22 AS build\nRUN --mount=type=cache,target=/go \\\n  go build -o /out ./...\n' +
    'COPY --from=build --chmod=755 /out /bin/\nENV A=1 B="x y"\nRUN <<EOF\necho hi\nEOF\nCMD ["a", "b"]\nONBUILD RUN echo x\n';
  for (const node of DockerfileParser.parse(text).getInstructions()) {
    const scanned = scanArguments(node).map((a) => ({ value: a.getValue(), range: a.getRange() }));
    const first = node.getArguments();
    const second = node.getArguments();
    assert.notEqual(first, second, 'a fresh array per call (ModifiableInstruction shifts flags off it)');
    assert.deepEqual(second.map((a) => a.getValue()), first.map((a) => a.getValue()));
    const flags = 'getFlags' in node ? (node as unknown as { getFlags(): unknown[] }).getFlags().length : 0;
    assert.deepEqual(first.map((a) => ({ value: a.getValue(), range: a.getRange() })), scanned.slice(flags), node.getKeyword());
  }
});

test('re-parsing an edited text hands out the unchanged instructions again, only where index and stage still hold', () => {
  clearChunkCache();
  const text = 'ARG V=1\nFROM a:1 AS one\nRUN echo one\nFROM b:2\nRUN echo two\nCOPY --from=one /x /y\n';
  const first = buildModel(text);
  const edited = buildModel(text.replace('echo one', 'echo uno'));
  assert.equal(edited.instructions[4], first.instructions[4], 'unchanged chunk at the same line: the same object');
  assert.notEqual(edited.instructions[2], first.instructions[2]);
  assert.equal(first.instructions[2].args.map((a) => a.value).join(' '), 'echo one', 'the first model is untouched');
  // Same lines, one FROM fewer: every later instruction belongs to another stage now.
  const renamed = buildModel(text.replace('FROM b:2', 'FRM b:2'));
  assert.notEqual(renamed.instructions[4], first.instructions[4]);
  assert.deepEqual(renamed.instructions.map((i) => i.stageIndex), [-1, 0, 0, 0, 0, 0]);
  assert.deepEqual(first.instructions.map((i) => i.stageIndex), [-1, 0, 0, 1, 1, 1], 'the first model keeps its stages');
  // Whatever was shared, each model equals a model built with empty caches.
  for (const model of [first, edited, renamed]) {
    clearChunkCache();
    assert.deepEqual(model.instructions, buildModel(model.text).instructions);
  }
});
