import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lintText } from '../../helpers/lint';

const rulesOf = (text: string) => lintText(text).findings.map((f) => `${f.rule.meta.id}@${f.range.start.line}`);

const BASE = 'FROM alpine\nRUN apk add git\nCMD ["a"]\nCMD ["b"]\n';

test('without pragmas the findings are there', () => {
  assert.deepEqual(rulesOf(BASE).filter((r) => /base-image|apk|multiple/.test(r)), ['base-image-unpinned@0', 'apk-no-cache@1', 'multiple-cmd-entrypoint@2']);
});

test('# dockscope ignore= applies to the next instruction only, also through comment blocks', () => {
  const text = '# dockscope ignore=base-image-unpinned\nFROM alpine\n# dockscope ignore=apk-no-cache,multiple-cmd-entrypoint\n# why: dev image\nRUN apk add git\nRUN apk add curl\n';
  const found = rulesOf(text);
  assert.ok(!found.includes('base-image-unpinned@1'));
  assert.ok(!found.includes('apk-no-cache@4'));
  assert.ok(found.includes('apk-no-cache@5'));
});

test('findings on continuation lines belong to their instruction', () => {
  const text = 'FROM alpine:3.20\n# dockscope ignore=apk-no-cache\nRUN echo x && \\\n    apk add git\n';
  assert.ok(!rulesOf(text).some((r) => r.startsWith('apk-no-cache')));
});

test('# dockscope global ignore= and # hadolint (global) ignore= through aliases', () => {
  assert.ok(!rulesOf('FROM alpine\nRUN apk add git\n# dockscope global ignore=apk-no-cache\nRUN apk add x\n').some((r) => r.startsWith('apk-no-cache')));
  const hadolint = rulesOf('# hadolint ignore=DL3006\nFROM alpine\n# hadolint ignore=DL3019\nRUN apk add git\nRUN apk add curl\n');
  assert.deepEqual(hadolint.filter((r) => /base-image|apk/.test(r)), ['apk-no-cache@4']);
  const global = rulesOf('# hadolint global ignore=DL3019,DL3007\nFROM alpine:latest\nRUN apk add git\n');
  assert.ok(!global.some((r) => /apk-no-cache|base-image/.test(r)));
});

test('BuildKit # check=skip= through aliases; skip=all only silences BuildKit checks', () => {
  const text = '# check=skip=MultipleInstructionsDisallowed\nFROM alpine:3.20\nCMD ["a"]\nCMD ["b"]\n';
  assert.ok(!rulesOf(text).some((r) => r.startsWith('multiple-cmd')));
  const all = rulesOf('# check=skip=all;error=true\nFROM alpine\nRUN apk add git\nCMD ["a"]\nCMD ["b"]\n');
  assert.ok(!all.some((r) => r.startsWith('multiple-cmd')), 'a BuildKit check');
  assert.ok(all.some((r) => r.startsWith('apk-no-cache')), 'not a BuildKit check');
});

test('unknown codes and malformed pragmas are ignored', () => {
  const found = rulesOf('# hadolint ignore=SC2086,DL9999\n# dockscope ignore\nFROM alpine\n');
  assert.ok(found.includes('base-image-unpinned@2'));
});

test('# check=skip= right above an instruction silences those BuildKit checks for that instruction only', () => {
  const text = [
    'FROM alpine:3.20',
    '# check=skip=MaintainerDeprecated',
    'MAINTAINER me',
    'MAINTAINER you',
    '# check=skip=all // keep this one, it is documented',
    '',
    'MAINTAINER them',
    '# hadolint ignore=DL3019',
    '# check=skip=MaintainerDeprecated',
    'RUN apk add git',
  ].join('\n');
  const found = rulesOf(text);
  assert.deepEqual(found.filter((r) => r.startsWith('maintainer-deprecated')), ['maintainer-deprecated@3']);
  // skip=all covers BuildKit's checks only; a hadolint pragma in the same comment block still applies.
  assert.ok(!found.some((r) => r.startsWith('apk-no-cache')));
  // The check directive at the top stays file-wide.
  assert.ok(!rulesOf('# check=skip=MaintainerDeprecated\nFROM alpine:3.20\nMAINTAINER me\nMAINTAINER you\n').some((r) => r.startsWith('maintainer')));
});

test('# hadolint stage ignore= covers its stage from the next instruction, not the stages after it', () => {
  const text = [
    'FROM alpine:3.20 AS build',
    'RUN apk add git',
    '# hadolint stage ignore=DL3019,DL3007',
    'FROM alpine:latest AS tools',
    'RUN apk add curl',
    'RUN apk add make',
    'FROM build',
    'RUN apk add bash',
    '# dockscope stage ignore=apk-no-cache',
    'RUN apk add jq',
    'RUN apk add yq',
  ].join('\n');
  const found = rulesOf(text).filter((r) => /apk-no-cache|base-image-unpinned/.test(r));
  assert.deepEqual(found, ['apk-no-cache@1', 'apk-no-cache@7']);
});
