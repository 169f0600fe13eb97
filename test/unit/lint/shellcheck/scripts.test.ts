import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shellcheckJob, type ShellcheckScript } from '../../../../lint/shellcheck/scripts';
import { lintText, type LintTextOptions } from '../../../helpers/lint';

const scriptsOf = (text: string, options?: LintTextOptions) => shellcheckJob(lintText(text, options)).scripts;

/** Every body character sits where the positions say in the document (a `\n` may stand for `\r\n` or `\r`). */
function assertMapped(text: string, script: ShellcheckScript): void {
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < script.body.length; i++) {
    const line = script.positions[2 * i];
    const character = script.positions[2 * i + 1];
    const atDocument = lines[line]?.[character] ?? '\n';
    const expected = script.body[i] === '\n' ? ['\n', '\r'] : [script.body[i]];
    assert.ok(expected.includes(atDocument), `body[${i}] ${JSON.stringify(script.body[i])} maps to ${line}:${character} ${JSON.stringify(atDocument)}`);
  }
}

/** Document position of the first occurrence of `needle` in the body. */
function positionOf(script: ShellcheckScript, needle: string): string {
  const offset = script.body.indexOf(needle);
  assert.ok(offset >= 0, `${needle} in ${script.body}`);
  return `${script.positions[2 * offset]}:${script.positions[2 * offset + 1]}`;
}

test('shellcheck scripts: continuation lines are joined and comment lines between them dropped, as Docker does', () => {
  const text = 'FROM debian:12\nRUN echo a \\\n  # a comment Docker drops\n  && echo "$b" \\\n\t&& ls\n';
  const [script] = scriptsOf(text);
  assert.equal(script.body, 'echo a   && echo "$b" \t&& ls');
  assertMapped(text, script);
  assert.equal(positionOf(script, '$b'), '3:11');
  assert.equal(positionOf(script, 'ls'), '4:4', 'a tab is one character');
});

test('shellcheck scripts: CRLF and the backtick escape map to the same columns', () => {
  const crlf = 'FROM debian:12\r\nRUN echo a \\\r\n    && echo $b\r\n';
  const [script] = scriptsOf(crlf);
  assert.ok(!script.body.includes('\r'));
  assertMapped(crlf, script);
  assert.equal(positionOf(script, '$b'), '2:12');
  const backtick = '# escape=`\nFROM debian:12\nRUN echo a `\n    && echo $b\n';
  const [escaped] = scriptsOf(backtick);
  assert.equal(escaped.body, 'echo a     && echo $b');
  assert.equal(positionOf(escaped, '$b'), '3:12');
});

test('shellcheck scripts: a RUN <<EOF body is the script, with its shebang deciding the dialect', () => {
  const text = 'FROM debian:12\nRUN <<EOF\n#!/usr/bin/env bash\r\nset -e\n[[ -f x ]] && echo "$y"\nEOF\n';
  const [script, ...rest] = scriptsOf(text);
  assert.equal(rest.length, 0);
  assert.equal(script.body, '#!/usr/bin/env bash\nset -e\n[[ -f x ]] && echo "$y"');
  assert.equal(script.shebang, true);
  assert.equal(script.dialect, 'bash');
  assertMapped(text, script);
  assert.equal(positionOf(script, '$y'), '4:20');
  assert.deepEqual(scriptsOf('FROM debian:12\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n'), [], 'a Python heredoc is not a shell script');
});

test('shellcheck scripts: a command with a heredoc is checked as the whole text sh -c runs; a shell reading a quoted heredoc also gets its body', () => {
  const text = 'FROM debian:12\nRUN <<-EOF cat > /x; echo $z\n\thello $w\n\tEOF\n';
  const [whole] = scriptsOf(text);
  assert.equal(whole.body, '<<-EOF cat > /x; echo $z\n\thello $w\n\tEOF');
  assertMapped(text, whole);
  const stdin = "FROM debian:12\nRUN bash <<'EOF'\n[[ -n $q ]]\nEOF\n";
  const [command, body] = scriptsOf(stdin);
  assert.equal(command.body, "bash <<'EOF'\n[[ -n $q ]]\nEOF");
  assert.equal(command.dialect, 'dash');
  assert.equal(body.body, '[[ -n $q ]]');
  assert.equal(body.dialect, 'bash', 'the body is read by bash');
  assert.equal(positionOf(body, '$q'), '2:6');
});

test('shellcheck scripts: the dialect follows SHELL and the base image; exec form and non-POSIX shells are skipped', () => {
  const dialects = (text: string) => scriptsOf(text).map((script) => script.dialect);
  assert.deepEqual(dialects('FROM debian:12\nRUN true\n'), ['dash']);
  assert.deepEqual(dialects('FROM alpine:3.20\nRUN true\n'), ['ash']);
  assert.deepEqual(dialects('FROM registry.example/base:1\nRUN true\n'), ['sh'], 'an unknown image: POSIX sh');
  assert.deepEqual(dialects('FROM fedora:40\nRUN true\n'), ['bash']);
  assert.deepEqual(dialects('FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN true\nFROM debian:12\nRUN true\n'), ['bash', 'dash'], 'SHELL ends with its stage');
  assert.deepEqual(dialects('FROM debian:12 AS base\nSHELL ["/bin/bash", "-c"]\nFROM base\nRUN true\n'), ['bash'], 'SHELL is inherited by FROM <stage>');
  assert.deepEqual(dialects('FROM debian:12\nSHELL ["/bin/busybox", "sh", "-c"]\nRUN true\n'), ['ash']);
  assert.deepEqual(dialects('FROM debian:12\nSHELL ["/bin/mksh", "-c"]\nRUN true\n'), ['ksh']);
  assert.deepEqual(dialects('FROM debian:12\nSHELL ["pwsh", "-c"]\nRUN Get-Item x\nSHELL ["/bin/zsh", "-c"]\nRUN true\n'), []);
  assert.deepEqual(dialects('FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n'), [], 'cmd.exe');
  assert.deepEqual(dialects('FROM scratch\nRUN true\n'), [], 'no shell at all');
  assert.deepEqual(dialects('FROM debian:12\nRUN ["echo", "$x"]\n'), [], 'exec form runs no shell');
});

test('shellcheck scripts: ONBUILD RUN is checked as a trigger that sees ENV but not ARG', () => {
  const text = 'FROM debian:12\nARG version\nENV home_dir=/srv\n# shellcheck disable=SC2086\nONBUILD RUN echo $version $home_dir\n';
  const [script] = scriptsOf(text);
  assert.equal(script.trigger, true);
  assert.deepEqual(script.declared, ['home_dir']);
  assert.deepEqual(script.directives, ['# shellcheck disable=SC2086']);
  assertMapped(text, script);
  assert.equal(positionOf(script, '$version'), '4:17');
});

test('shellcheck scripts: ARG and ENV names the script mentions are declared; a global ARG is not unless re-declared', () => {
  const text = 'ARG top\nFROM debian:12\nARG version\nENV base_dir=/opt\nRUN echo "$version" "${base_dir}" "$top" "$http_proxy"\n';
  assert.deepEqual(scriptsOf(text)[0].declared, ['base_dir', 'http_proxy', 'version']);
  assert.deepEqual(scriptsOf('FROM debian:12 AS a\nENV x=1\nFROM a\nRUN echo "$x"\n')[0].declared, ['x'], 'ENV of the parent stage');
  assert.deepEqual(scriptsOf('FROM debian:12\nARG unused\nRUN echo hi\n')[0].declared, []);
});

test('shellcheck scripts: directives above the RUN and in its dropped comment lines; our suppressions and levels travel with the job', () => {
  const text = 'FROM debian:12\n# dockscope global ignore=SC2046\n# shellcheck disable=SC2164\n# hadolint ignore=SC2086,DL3003\nRUN cd /x \\\n  # shellcheck disable=SC2035\n  && ls *\nRUN echo $a\n';
  const job = shellcheckJob(lintText(text, { files: { '.hadolint.yaml': 'ignored: [SC2155]\noverride:\n  error: [SC2154]\n' }, settings: { rules: { SC2006: 'off', 'apk-no-cache': 'off' } } }));
  const [first, second] = job.scripts;
  assert.deepEqual(first.directives, ['# shellcheck disable=SC2164', '# shellcheck disable=SC2035']);
  assert.deepEqual(first.ignored.sort(), ['SC2046', 'SC2086']);
  assert.deepEqual(second.directives, []);
  assert.deepEqual(second.ignored, ['SC2046']);
  assert.deepEqual(job.levels, { SC2155: 'off', SC2154: 'error', SC2006: 'off' });
  assert.deepEqual(shellcheckJob(lintText(text, { settings: { enable: false } })).scripts, [], 'lint off: nothing to check');
});
