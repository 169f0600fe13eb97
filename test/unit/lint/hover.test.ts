// Hovers on findings and on FROM lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver-types';
import { hover } from '../../../lint/hover';
import { lintText } from '../../helpers/lint';

test('hover explains findings under the cursor and the stage of a FROM line', () => {
  const result = lintText('ARG GO=1.22\nFROM golang:${GO}-alpine AS build\nFROM alpine:3.20\nRUN apk add git\nCOPY --from=build /a /a\n');
  const onApk = hover(result, { line: 3, character: 9 });
  const text = (onApk?.contents as MarkupContent).value;
  assert.match(text, /apk-no-cache/);
  assert.match(text, /docs\/rules\/apk-no-cache\.md/);
  assert.match(text, /Quick fix: Insert --no-cache/i);
  const finding = result.findings.find((candidate) => candidate.rule.meta.id === 'apk-no-cache')!;
  assert.equal(text.includes(finding.message), false, 'the editor shows the message of the problem under the cursor: not repeated');
  assert.equal(text.includes(finding.rule.meta.description), false);
  assert.equal(text.split('apk-no-cache.md').length, 2, 'the finding once');
  const onKeyword = (hover(result, { line: 3, character: 1 })?.contents as MarkupContent).value;
  assert.match(onKeyword, /apk-no-cache/, 'the keyword explains the findings of its instruction');
  assert.ok(onKeyword.includes(finding.message.replace(/([\\`*_[\]<>])/g, '\\$1')), 'off the problem\'s range, the message is said (the editor does not show it there)');
  const onFrom = (hover(result, { line: 1, character: 8 })?.contents as MarkupContent).value;
  assert.match(onFrom, /Stage `build`\*\* built on/);
  assert.doesNotMatch(onFrom, /index \d|#\d/, 'no "Stage #0 (index 0)"');
  const unnamed = (hover(result, { line: 2, character: 8 })?.contents as MarkupContent).value;
  assert.match(unnamed, /Stage `stage 1`\*\* built on `alpine:3\.20`/, 'an unnamed stage is "stage N" as BuildKit counts');
  assert.match(onFrom, /golang:1\.22-alpine/);
  assert.match(onFrom, /musl libc/);
  assert.match(onFrom, /COPY --from in line 5/);
  assert.equal(hover(result, { line: 0, character: 0 }), null);
});
