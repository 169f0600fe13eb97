// The outline: global ARGs, then stages with their instructions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SymbolKind } from 'vscode-languageserver-types';
import { documentSymbols } from '../../../lint/symbols';
import { lintText } from '../../helpers/lint';

test('document symbols: global ARGs, then stages with their instructions', () => {
  const symbols = documentSymbols(lintText('ARG V=1\nFROM golang:1.22 AS build\nRUN go build\nFROM scratch\nCOPY --from=build /a /a\nCMD ["/a"]\n').model);
  assert.deepEqual(symbols.map((s) => [s.name, s.kind]), [['ARG', SymbolKind.Variable], ['build', SymbolKind.Class], ['stage 1', SymbolKind.Class]]);
  assert.deepEqual(symbols[1].children?.map((c) => c.name), ['RUN']);
  assert.deepEqual(symbols[2].children?.map((c) => `${c.name} ${c.detail}`), ['COPY --from=build /a /a', 'CMD ["/a"]']);
  assert.equal(symbols[1].detail, 'golang:1.22');
  assert.deepEqual(symbols[2].range, { start: { line: 3, character: 0 }, end: { line: 5, character: 10 } });
});
