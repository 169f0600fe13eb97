import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiagnosticSeverity, SymbolKind, type MarkupContent } from 'vscode-languageserver-types';
import { hover } from '../../../lint/hover';
import { documentSymbols } from '../../../lint/symbols';
import { lintText } from '../../helpers/lint';

test('diagnostics: code, docs link, source, severity, precise range, related information', () => {
  const result = lintText('FROM alpine:3.20\nCMD ["a"]\nCMD ["b"]\n');
  const diagnostic = result.diagnostics.find((d) => d.code === 'multiple-cmd-entrypoint')!;
  assert.equal(diagnostic.source, 'dockscope');
  assert.equal(diagnostic.severity, DiagnosticSeverity.Warning);
  assert.equal(diagnostic.codeDescription?.href, 'https://github.com/dockscope/dockscope/blob/main/docs/rules/multiple-cmd-entrypoint.md');
  assert.deepEqual(diagnostic.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
  assert.equal(diagnostic.relatedInformation?.[0].location.range.start.line, 2);
  assert.equal(diagnostic.relatedInformation?.[0].location.uri, 'file:///memory/Dockerfile');
});

test('enable=false silences everything; a rule that throws loses only its own findings', () => {
  assert.deepEqual(lintText('RUNN x\n', { settings: { enable: false } }).diagnostics, []);
});

test('hover explains findings under the cursor and the stage of a FROM line', () => {
  const result = lintText('ARG GO=1.22\nFROM golang:${GO}-alpine AS build\nFROM alpine:3.20\nRUN apk add git\nCOPY --from=build /a /a\n');
  const onApk = hover(result, { line: 3, character: 9 });
  const text = (onApk?.contents as MarkupContent).value;
  assert.match(text, /apk-no-cache/);
  assert.match(text, /docs\/rules\/apk-no-cache\.md/);
  assert.match(text, /Quick fix: Insert --no-cache/i);
  const onKeyword = (hover(result, { line: 3, character: 1 })?.contents as MarkupContent).value;
  assert.match(onKeyword, /apk-no-cache/, 'the keyword explains the findings of its instruction');
  const onFrom = (hover(result, { line: 1, character: 8 })?.contents as MarkupContent).value;
  assert.match(onFrom, /Stage `build`/);
  assert.match(onFrom, /golang:1\.22-alpine/);
  assert.match(onFrom, /musl libc/);
  assert.match(onFrom, /COPY --from in line 5/);
  assert.equal(hover(result, { line: 0, character: 0 }), null);
});

test('document symbols: global ARGs, then stages with their instructions', () => {
  const symbols = documentSymbols(lintText('ARG V=1\nFROM golang:1.22 AS build\nRUN go build\nFROM scratch\nCOPY --from=build /a /a\nCMD ["/a"]\n').model);
  assert.deepEqual(symbols.map((s) => [s.name, s.kind]), [['ARG', SymbolKind.Variable], ['build', SymbolKind.Class], ['stage 1', SymbolKind.Class]]);
  assert.deepEqual(symbols[1].children?.map((c) => c.name), ['RUN']);
  assert.deepEqual(symbols[2].children?.map((c) => `${c.name} ${c.detail}`), ['COPY --from=build /a /a', 'CMD ["/a"]']);
  assert.equal(symbols[1].detail, 'golang:1.22');
  assert.deepEqual(symbols[2].range, { start: { line: 3, character: 0 }, end: { line: 5, character: 10 } });
});
