import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeAction, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { codeActions, FIX_ALL_KIND } from '../../../lint/codeActions';
import { applyEdits, lintText } from '../../helpers/lint';

const URI = 'file:///memory/Dockerfile';
const whole = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };
const editsOf = (edit: WorkspaceEdit | undefined): TextEdit[] => edit?.changes?.[URI] ?? [];
const titled = (actions: CodeAction[], title: string) => {
  const action = actions.find((a) => a.title === title);
  assert.ok(action, `no action "${title}" in ${actions.map((a) => a.title).join(' | ')}`);
  return action;
};

test('quick fixes carry their WorkspaceEdit, diagnostic and preferred flag', () => {
  const text = 'FROM alpine:3.20\nRUNN echo hi\n';
  const result = lintText(text);
  const actions = codeActions(result, { range: { start: { line: 1, character: 1 }, end: { line: 1, character: 1 } } });
  const fix = titled(actions, 'Change to RUN');
  assert.equal(fix.kind, 'quickfix');
  assert.equal(fix.isPreferred, true);
  assert.equal(fix.diagnostics?.[0].code, 'syntax');
  assert.equal(applyEdits(text, editsOf(fix.edit)), 'FROM alpine:3.20\nRUN echo hi\n');
  assert.deepEqual(codeActions(result, { range: whole, only: ['source'] }).filter((a) => a.kind === 'quickfix'), []);
});

test('ignore actions add or extend pragmas, placed after parser directives, keeping CRLF', () => {
  const text = '# syntax=docker/dockerfile:1\r\nFROM alpine:3.20\r\n  # dockscope ignore=sudo\r\n  RUN apk add git\r\n';
  const result = lintText(text);
  const actions = codeActions(result, { range: { start: { line: 3, character: 11 }, end: { line: 3, character: 11 } } });
  const instruction = titled(actions, 'Ignore apk-no-cache for this instruction');
  const extended = applyEdits(text, editsOf(instruction.edit));
  assert.equal(extended.split('\r\n')[2], '  # dockscope ignore=sudo,apk-no-cache');
  assert.ok(!lintText(extended).findings.some((f) => f.rule.meta.id === 'apk-no-cache'));
  const file = applyEdits(text, editsOf(titled(actions, 'Ignore apk-no-cache for this file').edit));
  assert.equal(file, '# syntax=docker/dockerfile:1\r\n# dockscope global ignore=apk-no-cache\r\nFROM alpine:3.20\r\n  # dockscope ignore=sudo\r\n  RUN apk add git\r\n');
  assert.equal(lintText(file).model.directives.length, 1, 'the syntax directive still counts');
  assert.ok(!lintText(file).findings.some((f) => f.rule.meta.id === 'apk-no-cache'));
  const fresh = codeActions(lintText('FROM alpine:3.20\nRUN apk add git\n'), { range: whole });
  assert.equal(applyEdits('FROM alpine:3.20\nRUN apk add git\n', editsOf(titled(fresh, 'Ignore apk-no-cache for this instruction').edit)),
    'FROM alpine:3.20\n# dockscope ignore=apk-no-cache\nRUN apk add git\n');
  // A stage pragma right above is not extended: that would ignore the rule for the whole stage.
  const staged = 'FROM alpine:3.20\n# dockscope stage ignore=sudo\nRUN apk add git\n';
  assert.equal(applyEdits(staged, editsOf(titled(codeActions(lintText(staged), { range: whole }), 'Ignore apk-no-cache for this instruction').edit)),
    'FROM alpine:3.20\n# dockscope stage ignore=sudo\n# dockscope ignore=apk-no-cache\nRUN apk add git\n');
});

test('actions are limited to the requested range and diagnostics', () => {
  const result = lintText('FROM alpine:3.20\nRUNN a\nRUNN b\n');
  const onLine2 = codeActions(result, { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } } });
  assert.ok(onLine2.every((a) => a.diagnostics?.every((d) => d.range.start.line === 2)));
  const diagnostic = result.diagnostics.find((d) => d.range.start.line === 1)!;
  const matching = codeActions(result, { range: whole, diagnostics: [diagnostic] });
  assert.ok(matching.length > 0 && matching.every((a) => a.diagnostics?.[0].range.start.line === 1));
});

test('fixAll applies the safe fixes only, without overlaps, and the result is clean of them', () => {
  const text = "FROM alpine:3.20\nCMD ['/a']\nCMD ['/b']\nRUN echo a \\\n\n    && echo b\n";
  const result = lintText(text);
  const [fixAll] = codeActions(result, { range: whole, only: [FIX_ALL_KIND] });
  assert.equal(fixAll.kind, FIX_ALL_KIND);
  const fixed = applyEdits(text, editsOf(fixAll.edit));
  const after = lintText(fixed).findings.filter((f) => f.fixes?.some((fix) => fix.safe));
  assert.deepEqual(after.map((f) => f.rule.meta.id), [], fixed);
  assert.deepEqual(codeActions(lintText('FROM alpine:3.20\n'), { range: whole, only: ['source.fixAll'] }), []);
  assert.equal(codeActions(result, { range: whole, only: ['source.fixAll'] }).length, 1);
});

test('fixes that create files use documentChanges with a create that never overwrites', () => {
  const text = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /app .\nFROM scratch\nCOPY --from=build /app /app\n';
  const result = lintText(text, { files: { 'go.mod': 'module x\ngo 1.22\n' } });
  const creating = codeActions(result, { range: whole }).find((a) => a.edit?.documentChanges?.some((c) => 'kind' in c && c.kind === 'create'));
  assert.ok(creating, 'expected a fix creating .dockerignore');
  const create = creating.edit!.documentChanges!.find((c) => 'kind' in c && c.kind === 'create') as { uri: string; options?: { ignoreIfExists?: boolean } };
  assert.match(create.uri, /\/memory\/\.dockerignore$/);
  assert.equal(create.options?.ignoreIfExists, true);
});

test('a byte-order mark changes no finding and every action keeps it first (as the CLI reads the file)', () => {
  // Findings of many rules (syntax, apt, COPY --from, shell form, pragmas), on line 0 too.
  const plain = [
    'from golang:1.22 AS build', 'WORKDIR /src', 'COPY . .', 'RUN apt-get update && apt-get install git',
    'RUNN go build -o /out/api ./cmd/api', '', 'FROM gcr.io/distroless/static-debian12', 'COPY --from=biuld /out/api /api',
    'MAINTAINER me', 'CMD /api --port 8080', '',
  ].join('\n');
  const bom = `\uFEFF${plain}`;
  const describe = (text: string) => lintText(text).findings.map((f) => `${f.rule.meta.id}@${JSON.stringify(f.range)}: ${f.message}`);
  const expected = describe(plain).map((line) => line.replace(/^([^@]+@\{"start":\{"line":0,"character":)(\d+)(\},"end":\{"line":)(\d+)(,"character":)(\d+)/,
    (_all, a, start, b, endLine, c, end) => `${a}${Number(start) + 1}${b}${endLine}${c}${Number(end) + (endLine === '0' ? 1 : 0)}`));
  assert.deepEqual(describe(bom), expected, 'the same findings, one column further on line 0');
  const plainActions = codeActions(lintText(plain), { range: whole });
  const bomActions = codeActions(lintText(bom), { range: whole });
  assert.deepEqual(bomActions.map((a) => a.title), plainActions.map((a) => a.title));
  assert.ok(plainActions.length >= 20, `${plainActions.length} actions`);
  bomActions.forEach((action, index) => {
    assert.equal(applyEdits(bom, editsOf(action.edit)), `\uFEFF${applyEdits(plain, editsOf(plainActions[index].edit))}`, action.title);
  });
  const [fixAll] = codeActions(lintText(bom), { range: whole, only: [FIX_ALL_KIND] });
  const [plainFixAll] = codeActions(lintText(plain), { range: whole, only: [FIX_ALL_KIND] });
  assert.equal(applyEdits(bom, editsOf(fixAll.edit)), `\uFEFF${applyEdits(plain, editsOf(plainFixAll.edit))}`);
});
