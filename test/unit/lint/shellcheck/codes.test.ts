import assert from 'node:assert/strict';
import { test } from 'node:test';
import { shellcheckCode, shellcheckWikiUrl } from '../../../../lint/shellcheck/codes';
import { ruleDocsUrl } from '../../../../lint/rule';

test('shellcheck codes: SCnnnn in any case is a ShellCheck code; rule ids and DL codes are not', () => {
  assert.equal(shellcheckCode('sc2086'), 'SC2086');
  assert.equal(shellcheckCode(' SC1091 '), 'SC1091');
  for (const other of ['DL3008', 'SC208', 'SC20866', 'apk-no-cache', 'JSONArgsRecommended']) assert.equal(shellcheckCode(other), null, other);
});

test('shellcheck codes: a code links to the ShellCheck wiki, a rule to its page', () => {
  assert.equal(shellcheckWikiUrl('SC2086'), 'https://www.shellcheck.net/wiki/SC2086');
  assert.equal(ruleDocsUrl('SC2086'), 'https://www.shellcheck.net/wiki/SC2086');
  assert.match(ruleDocsUrl('apk-no-cache'), /docs\/rules\/apk-no-cache\.md$/);
});
