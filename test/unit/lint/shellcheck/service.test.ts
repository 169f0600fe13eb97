// ShellCheck end to end with the real binary: Dockerfile in, SC findings at the right places out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_LINT_SETTINGS } from '../../../../common/settings';
import { createShellcheck, createShellcheckSession } from '../../../../lint/shellcheck/service';
import { shellcheckJob } from '../../../../lint/shellcheck/scripts';
import { lintText } from '../../../helpers/lint';
import { codesAt, shellcheckFindings, shellcheckOrSkip } from '../../../helpers/shellcheck';

test('shellcheck service: findings land on the word across continuation lines, tabs, CRLF and heredocs', async (t) => {
  const binary = await shellcheckOrSkip(t);
  if (!binary) return;
  const text = 'FROM debian:12\nRUN apt-get update \\\n  # install\n\t&& echo $missing\nRUN <<EOF\nset -e\necho $other\nEOF\n';
  assert.deepEqual(codesAt(await shellcheckFindings(binary, text)), ['SC2154@3:9', 'SC2086@3:9', 'SC2154@6:5', 'SC2086@6:5']);
  assert.deepEqual(codesAt(await shellcheckFindings(binary, text.replace(/\n/g, '\r\n'))), ['SC2154@3:9', 'SC2086@3:9', 'SC2154@6:5', 'SC2086@6:5'], 'CRLF: the same places');
  const [finding] = await shellcheckFindings(binary, text);
  assert.deepEqual(finding.range, { start: { line: 3, character: 9 }, end: { line: 3, character: 17 } });
});

test('shellcheck service: the dialect decides what is portable (dash on Debian, bash under SHELL, BusyBox on Alpine)', async (t) => {
  const binary = await shellcheckOrSkip(t);
  if (!binary) return;
  const script = 'RUN [[ -f /etc/os-release ]] && echo ok\n';
  assert.deepEqual(codesAt(await shellcheckFindings(binary, `FROM debian:12\n${script}`)), ['SC3010@1:4']);
  assert.deepEqual(codesAt(await shellcheckFindings(binary, `FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n${script}`)), []);
  assert.deepEqual(codesAt(await shellcheckFindings(binary, `FROM alpine:3.20\n${script}`)), [], 'BusyBox ash has [[');
  assert.deepEqual(codesAt(await shellcheckFindings(binary, `FROM debian:12\nSHELL ["pwsh", "-c"]\nRUN Write-Host $env:X\n`)), []);
  assert.deepEqual(codesAt(await shellcheckFindings(binary, `FROM debian:12\n# shellcheck shell=bash\n${script}`)), [], 'a shell= directive above the RUN wins');
});

test('shellcheck service: ARG and ENV are assigned variables; ONBUILD sees only ENV', async (t) => {
  const binary = await shellcheckOrSkip(t);
  if (!binary) return;
  const text = 'FROM debian:12\nARG version=1\nENV home_dir=/srv\nRUN echo "$version" "$home_dir" "$http_proxy"\nONBUILD RUN echo "$version" "$home_dir"\n';
  const findings = await shellcheckFindings(binary, text);
  assert.deepEqual(codesAt(findings), ['SC2154@4:18']);
  assert.match(findings[0].message, /version is referenced but not assigned.*ONBUILD/);
});

test('shellcheck service: # shellcheck disable above the RUN or in its comment lines, and our ignores, silence a code', async (t) => {
  const binary = await shellcheckOrSkip(t);
  if (!binary) return;
  const run = 'RUN echo $a\n';
  const both = ['SC2154', 'SC2086'];
  const only2154 = ['SC2154'];
  const at = (prefix: string, options = {}) => shellcheckFindings(binary, `FROM debian:12\n${prefix}${run}`, options).then((found) => found.map((f) => f.rule.meta.id));
  assert.deepEqual(await at(''), both);
  assert.deepEqual(await at('# shellcheck disable=SC2086\n'), only2154);
  assert.deepEqual(await at('# hadolint ignore=SC2086\n'), only2154);
  assert.deepEqual(await at('# dockscope ignore=sc2086\n'), only2154);
  assert.deepEqual(await at('', { files: { '.hadolint.yaml': 'ignored:\n  - SC2086\n' } }), only2154);
  assert.deepEqual(await at('', { files: { '.dockscope.yaml': 'rules:\n  SC2086: off\n' } }), only2154);
  assert.deepEqual(await at('', { settings: { rules: { SC2086: 'off' } } }), only2154);
  const inside = await shellcheckFindings(binary, 'FROM debian:12\nRUN true \\\n  # shellcheck disable=SC2086\n  && echo $a\n');
  assert.deepEqual(codesAt(inside), ['SC2154@3:10']);
});

test('shellcheck service: one check answers later lookups from its cache; unchanged scripts need no second run', async (t) => {
  const binary = await shellcheckOrSkip(t);
  if (!binary) return;
  const shellcheck = createShellcheck();
  const job = shellcheckJob(lintText('FROM debian:12\nRUN echo $a\n'));
  assert.equal(shellcheck.known(binary, job).complete, false);
  const [found] = await shellcheck.check(binary, [job], 30_000);
  const known = shellcheck.known(binary, job);
  assert.equal(known.complete, true);
  assert.deepEqual(codesAt(known.findings), codesAt(found));
  // The same RUN two lines further down: known, at its new place.
  const moved = shellcheck.known(binary, shellcheckJob(lintText('FROM debian:12\n\n\nRUN echo $a\n')));
  assert.equal(moved.complete, true);
  assert.deepEqual(codesAt(moved.findings), ['SC2154@3:9', 'SC2086@3:9']);
});

test('shellcheck session: annotate merges what is known, schedule checks the rest after the delay; a newer schedule supersedes', async (t) => {
  const binary = await shellcheckOrSkip(t);
  if (!binary) return;
  const lines: string[] = [];
  const session = createShellcheckSession({ delayMs: 20, timeoutMs: 30_000, settingName: 'dockscope.shellcheck.path', log: (line) => lines.push(line) });
  const result = lintText('FROM debian:12\nUSER 1000\nRUN echo $session_var\n');
  const first = await session.annotate(result);
  assert.equal(first.pending, true);
  assert.equal(first.result, result, 'nothing known yet: the result as it was');
  const superseded = session.schedule(result);
  const ready = session.schedule(result);
  assert.equal(await superseded, false);
  assert.equal(await ready, true);
  const second = await session.annotate(result);
  assert.equal(second.pending, false);
  assert.deepEqual(second.result.diagnostics.filter((d) => String(d.code).startsWith('SC')).map((d) => [d.code, d.codeDescription?.href]),
    [['SC2154', 'https://www.shellcheck.net/wiki/SC2154'], ['SC2086', 'https://www.shellcheck.net/wiki/SC2086']]);
  assert.equal(lines.length, 1, 'one line about the binary, said once');
  assert.match(lines[0], /^ShellCheck \S+ at \S+ checks RUN scripts \(dockscope\.shellcheck\.path: shellcheck\)\.$/);
  const off = await session.annotate(lintText('FROM debian:12\nRUN echo $x\n', { settings: { shellcheck: 'off' } }));
  assert.equal(off.pending, false);
  assert.match(lines[1], /switched off/);
  const missing = createShellcheckSession({ delayMs: 20, timeoutMs: 1000, settingName: 's', log: (line) => lines.push(line) });
  const absent = await missing.annotate(lintText('FROM debian:12\nRUN echo $x\n', { settings: { ...DEFAULT_LINT_SETTINGS, shellcheck: 'no-such-shellcheck-binary' } }));
  assert.equal(absent.pending, false);
  assert.match(lines[2], /"no-such-shellcheck-binary" not found/);
});
