import assert from 'node:assert/strict';
import { test } from 'node:test';
import { scriptFile, shellName, toFindings, type ShellcheckComment } from '../../../../lint/shellcheck/findings';
import { shellcheckJob } from '../../../../lint/shellcheck/scripts';
import { lintText } from '../../../helpers/lint';

const comment = (line: number, column: number, endColumn: number, code: number, level = 'warning', endLine = line): ShellcheckComment =>
  ({ line, column, endLine, endColumn, code, level, message: `message ${code}` });

test('shellcheck findings: the file ShellCheck reads has the directives, the dialect and the declared names before the script', () => {
  const [script] = shellcheckJob(lintText('FROM debian:12\nARG v\n# shellcheck disable=SC2086\nRUN echo $v\n')).scripts;
  assert.deepEqual(scriptFile(script, 'dash'), {
    text: '# shellcheck disable=SC2086\n# shellcheck shell=dash\nexport v=1\necho $v', headerLines: 3, shell: 'dash',
  });
  const [withShebang] = shellcheckJob(lintText('FROM debian:12\nRUN <<EOF\n#!/bin/bash\necho hi\nEOF\n')).scripts;
  assert.deepEqual(scriptFile(withShebang, 'bash'), { text: '#!/bin/bash\n# shellcheck shell=bash\necho hi', headerLines: 1, shell: 'bash' }, 'the shebang stays on line 1');
  assert.equal(shellName('ash', true), 'busybox');
  assert.equal(shellName('ash', false), 'dash');
  assert.equal(shellName('bash', false), 'bash');
});

test('shellcheck findings: lines and columns go back through the header and the continuation lines', () => {
  const text = 'FROM debian:12\nRUN echo a \\\n\t&& echo $b\n';
  const [script] = shellcheckJob(lintText(text)).scripts;
  const file = scriptFile(script, 'dash');
  // `$b` is on file line 2 (after the one header line), columns 17-19 of `echo a \t&& echo $b`.
  const [finding] = toFindings(script, file, [comment(2, 17, 19, 2154)], {});
  assert.deepEqual(finding.range, { start: { line: 2, character: 9 }, end: { line: 2, character: 11 } });
  assert.equal(finding.rule.meta.id, 'SC2154');
  assert.equal(finding.message, 'message 2154');
  assert.deepEqual(toFindings(script, file, [comment(1, 1, 5, 1000)], {}), [], 'a comment on the header is dropped');
});

test('shellcheck findings: ShellCheck levels become warning at most; config levels and suppressions apply by code', () => {
  const text = 'FROM debian:12\nRUN echo $a\n';
  const [script] = shellcheckJob(lintText(text)).scripts;
  const file = scriptFile(script, 'dash');
  const levels = (list: ShellcheckComment[], config = {}) => toFindings(script, file, list, config).map((f) => `${f.rule.meta.id}:${f.severity}`);
  assert.deepEqual(levels([comment(2, 6, 8, 1073, 'error'), comment(2, 6, 8, 2154, 'warning'), comment(2, 6, 8, 2034, 'info'), comment(2, 6, 8, 2006, 'style')]),
    ['SC1073:warning', 'SC2154:warning', 'SC2034:info', 'SC2006:hint']);
  // The quiet codes only with a level of their own.
  assert.deepEqual(levels([comment(2, 6, 8, 2086, 'info'), comment(2, 6, 8, 2046, 'warning'), comment(2, 6, 8, 2155, 'warning')]), ['SC2086:hint', 'SC2046:hint', 'SC2155:hint']);
  assert.deepEqual(levels([comment(2, 6, 8, 2086, 'info')], { SC2086: 'info' }), ['SC2086:info']);
  assert.deepEqual(levels([comment(2, 6, 8, 2086, 'info'), comment(2, 6, 8, 2154)], { SC2086: 'off', SC2154: 'error' }), ['SC2154:error']);
  const [ignored] = shellcheckJob(lintText('FROM debian:12\n# dockscope ignore=SC2086\nRUN echo $a\n')).scripts;
  assert.deepEqual(toFindings(ignored, scriptFile(ignored, 'dash'), [comment(2, 6, 8, 2086, 'info')], {}), []);
});

test('shellcheck findings: an empty span covers one character; tabs, wide characters and a column past the end stay on the line', () => {
  const text = 'FROM debian:12\nRUN echo "😀" $x\t$y\n';
  const [script] = shellcheckJob(lintText(text)).scripts;
  const file = scriptFile(script, 'dash');
  // ShellCheck counts the emoji as one character: `$x` starts at column 10, `$y` at 13.
  const [x, y, end] = toFindings(script, file, [comment(2, 10, 12, 2154), comment(2, 13, 13, 1009), comment(3, 1, 1, 1072)], {});
  assert.deepEqual(x.range, { start: { line: 1, character: 14 }, end: { line: 1, character: 16 } });
  assert.deepEqual(y.range, { start: { line: 1, character: 17 }, end: { line: 1, character: 18 } });
  assert.deepEqual(end.range.start, { line: 1, character: 19 }, 'after the last character of the script');
});

test('shellcheck findings: BusyBox ash checked as dash drops the SC3xxx portability findings; as busybox it keeps them; ONBUILD says where it runs', () => {
  const [script] = shellcheckJob(lintText('FROM alpine:3.20\nRUN [[ -f x ]] && echo $RANDOM\nONBUILD RUN echo $z\n')).scripts;
  const found = (shell: string) => toFindings(script, scriptFile(script, shell), [comment(2, 1, 11, 3010), comment(2, 23, 30, 3028), comment(2, 23, 30, 2086, 'info')], {}).map((f) => f.rule.meta.id);
  assert.deepEqual(found('dash'), ['SC2086']);
  assert.deepEqual(found('busybox'), ['SC3010', 'SC3028', 'SC2086']);
  const trigger = shellcheckJob(lintText('FROM alpine:3.20\nONBUILD RUN echo $z\n')).scripts[0];
  const [onbuild] = toFindings(trigger, scriptFile(trigger, 'dash'), [comment(2, 6, 8, 2154)], {});
  assert.match(onbuild.message, /^message 2154 \(ONBUILD: this RUN runs in the build of an image FROM this one\.\)$/);
  assert.deepEqual(onbuild.range.start, { line: 1, character: 17 });
});
