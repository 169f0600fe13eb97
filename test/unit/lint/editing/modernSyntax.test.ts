// What the library lacks of today's syntax: flags, mount keys and types, directives, heredoc
// snippets; offered only where they apply, with hover docs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { buildModel } from '../../../../dockerfile/model';
import { isReplacedDirectiveItem, modernCompletions, modernHover } from '../../../../lint/editing/modernSyntax';

function at(text: string) {
  const lines = text.split('\n');
  return { text, position: { line: lines.length - 1, character: lines[lines.length - 1].length } };
}
const labels = (source: string, snippets = true) => {
  const { text, position } = at(source);
  return modernCompletions(buildModel(text), position, snippets).map((item) => item.label);
};

test('ADD flags, each once unless repeatable', () => {
  assert.deepEqual(labels('FROM a\nADD --').sort(), ['--checksum=', '--chmod=', '--exclude=', '--keep-git-dir', '--link', '--unpack']);
  assert.deepEqual(labels('FROM a\nADD --exclude=*.md --checksum=sha256:x --').sort(), ['--chmod=', '--exclude=', '--keep-git-dir', '--link', '--unpack']);
  assert.deepEqual(labels('FROM a\nADD --ch'), ['--chmod=', '--checksum=']);
});

test('flags on a continuation line still count as the flags area; after the source they do not', () => {
  assert.deepEqual(labels('FROM a\nRUN --network=none \\\n  --mo'), ['--mount=']);
  assert.deepEqual(labels('FROM a\nCOPY src --'), []);
  assert.deepEqual(labels('FROM a\nCMD --'), [], 'CMD has no flags');
});

test('mount keys follow the mount type, and the text edit replaces only the current option', () => {
  assert.ok(labels('FROM a\nRUN --mount=type=secret,').includes('env='));
  assert.ok(!labels('FROM a\nRUN --mount=type=tmpfs,').includes('from='));
  assert.deepEqual(labels('FROM a\nRUN --mount=type=cache,target=/x,sh'), ['sharing=']);
  const { text, position } = at('FROM a\nRUN --mount=type=ca');
  const [item] = modernCompletions(buildModel(text), position, true);
  assert.deepEqual(item.textEdit, { range: { start: { line: 1, character: 17 }, end: { line: 1, character: 19 } }, newText: 'cache' });
});

test('heredoc snippets only at an instruction keyword, only with snippet support', () => {
  assert.deepEqual(labels('FROM a\nCO'), ['COPY <<EOF']);
  assert.deepEqual(labels('FROM a\nCO', false), []);
  assert.deepEqual(labels('FROM a\nRUN echo R'), []);
});

test('directives only in the header; the library\'s experimental syntax item is replaced', () => {
  assert.deepEqual(labels('# sy'), ['syntax=docker/dockerfile:1']);
  assert.deepEqual(labels('# syntax=docker/dockerfile:1\n# just a comment\n# ch'), [], 'a plain comment ends the directives');
  assert.equal(isReplacedDirectiveItem({ label: 'syntax=docker/dockerfile:experimental' }), true);
  assert.equal(isReplacedDirectiveItem({ label: 'RUN' }), false);
});

test('hover docs for the newer flags and the check directive, with the word\'s range', () => {
  const hover = modernHover(buildModel('FROM a\nRUN --network=none true\n'), { line: 1, character: 6 });
  assert.match((hover?.contents as MarkupContent).value, /`--network=…`/);
  assert.deepEqual(hover?.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 13 } });
  assert.equal(modernHover(buildModel('FROM a\nRUN --network=none true\n'), { line: 1, character: 20 }), null);
  assert.match((modernHover(buildModel('# check=error=true\nFROM a\n'), { line: 0, character: 3 })?.contents as MarkupContent).value, /error=true/);
  assert.equal(modernHover(buildModel('FROM a\n# check=error=true\n'), { line: 1, character: 3 }), null, 'below an instruction it is a comment');
});
