// Fix-all to a fixed point: fixes that clash wait for the next pass, errors go first, files the
// fixes create are seen by the next pass, CRLF, continuation lines and heredocs survive, and a
// pass that changes nothing ends it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LINT_SETTINGS } from '../../../common/settings';
import { memoryContext } from '../../../lint/context/buildContext';
import { fixAll } from '../../../lint/fixAll';
import type { Rule } from '../../../lint/rule';
import { lintDocument } from '../../../lint/service';
import { lintText } from '../../helpers/lint';

const fixableIds = (text: string, files: Record<string, string> = {}) =>
  lintText(text, { files }).findings.filter((finding) => finding.fixes?.some((fix) => fix.safe)).map((finding) => finding.rule.meta.id);

test('fixes that clash wait for the next pass; the result has no safe fix left', () => {
  // Merging the lone `apt-get update` into the next RUN clashes with `-y` on that RUN, and the
  // lists are cleaned only once the install is in the merged RUN.
  const text = 'FROM debian:12\nRUN apt-get update\nRUN apt-get install curl\nCMD node app.js\n';
  const fixed = fixAll(lintText(text));
  assert.ok(fixed.passes >= 2, `passes: ${fixed.passes}`);
  assert.equal(fixed.text, 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nCMD ["node", "app.js"]\n');
  assert.deepEqual(fixableIds(fixed.text), []);
  assert.deepEqual(fixed.result.findings.filter((finding) => finding.fixes?.some((fix) => fix.safe)), []);
  assert.equal(fixed.result.text, fixed.text);
});

test('the error is fixed first when fixes clash', () => {
  const fixed = fixAll(lintText('FROM debian:12\nRUN apt-get install curl\n'));
  assert.equal(fixed.applied[0].ruleId, 'apt-missing-yes');
});

test('CRLF stays CRLF; continuation lines and heredocs keep their shape', () => {
  const text = 'FROM debian:12\r\nRUN apt-get update \\\r\n    && apt-get install curl\r\nRUN <<EOF\r\napt-get install git\r\nEOF\r\n';
  const fixed = fixAll(lintText(text));
  assert.ok(fixed.applied.length > 0);
  assert.ok(!/[^\r]\n/.test(fixed.text), 'every line break is CRLF');
  assert.match(fixed.text, /RUN apt-get update \\\r\n {4}&& apt-get install/);
  assert.match(fixed.text, /RUN <<EOF\r\n[^\r]*apt-get install[^\r]*\r\n[\s\S]*EOF\r\n$/);
  assert.deepEqual(fixableIds(fixed.text), []);
});

test('a file a fix creates is seen by the next pass, and created once', () => {
  // A rule whose safe fix creates a file while it is absent, and then appends to it once.
  const notes: Rule = {
    meta: { id: 'notes-file', category: 'layers', severity: 'warning', aliases: [], description: 'test rule', fixable: true },
    check(ctx) {
      const text = ctx.context.readText('NOTES');
      if (text === null) return [{ range: ctx.model.instructions[0].range, message: 'no notes', fixes: [{ title: 'create', edits: [], safe: true, createFiles: [{ path: 'NOTES', content: 'a\n' }] }] }];
      if (!text.includes('b')) return [{ range: ctx.model.instructions[0].range, message: 'no b', fixes: [{ title: 'append', edits: [], safe: true, createFiles: [{ path: 'NOTES', content: 'b\n', append: true }] }] }];
      return [];
    },
  };
  const first = lintDocument({ uri: 'file:///memory/Dockerfile', text: 'FROM scratch\n', settings: DEFAULT_LINT_SETTINGS, context: memoryContext({}), config: null, rules: [notes] });
  const fixed = fixAll(first);
  assert.deepEqual(fixed.files, [{ path: 'NOTES', content: 'a\n', append: false }, { path: 'NOTES', content: 'b\n', append: true }]);
  assert.deepEqual([fixed.passes, fixed.result.findings.length], [2, 0]);
});

test('nothing to fix: no pass, the text as it was', () => {
  const text = 'FROM scratch\nCOPY app /app\nCMD ["/app"]\n';
  const fixed = fixAll(lintText(text));
  assert.deepEqual([fixed.passes, fixed.applied, fixed.files, fixed.text], [0, [], [], text]);
});
