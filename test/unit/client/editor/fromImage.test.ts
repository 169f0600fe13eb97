import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  globalArgDefaults, normalizeRepository, parseFromLine, parseReference, pinnedReference, stageNamesBefore, substituteArgs,
} from '../../../../client/editor/fromImage';

const DIGEST = `sha256:${'a1'.repeat(32)}`;

test('the image of a FROM line is found with its columns, after flags and before AS', () => {
  assert.deepEqual(parseFromLine('FROM --platform=$BUILDPLATFORM golang:1.22 AS build'),
    { text: 'golang:1.22', resolved: 'golang:1.22', start: 31, end: 42, stageName: 'build' });
  assert.equal(parseFromLine('  from alpine')?.start, 7);
  assert.equal(parseFromLine('RUN from x'), undefined);
  assert.equal(parseFromLine('FROM'), undefined);
});

test('ARG defaults declared before the first FROM resolve the reference', () => {
  const text = 'ARG GO=1.22\nARG REPO="golang"\nFROM ${REPO}:${GO}-alpine\nARG LATE=x\n';
  const args = globalArgDefaults(text);
  assert.deepEqual([...args], [['GO', '1.22'], ['REPO', 'golang']]);
  assert.equal(parseFromLine('FROM ${REPO}:${GO}-alpine', args)?.resolved, 'golang:1.22-alpine');
  assert.equal(substituteArgs('$MISSING', args), undefined);
  assert.equal(substituteArgs('${MISSING:-alpine}', args), 'alpine');
});

test('earlier stage names are known, so FROM builder is not an image', () => {
  assert.deepEqual([...stageNamesBefore('FROM a AS Builder\nFROM builder\nFROM c AS late\n', 1)], ['builder']);
});

test('references normalize the way the daemon names repositories', () => {
  assert.equal(normalizeRepository('golang'), 'docker.io/library/golang');
  assert.equal(normalizeRepository('grafana/grafana'), 'docker.io/grafana/grafana');
  assert.equal(normalizeRepository('ghcr.io/o/app'), 'ghcr.io/o/app');
  assert.equal(normalizeRepository('localhost:5000/app'), 'localhost:5000/app');
  assert.deepEqual(parseReference('localhost:5000/app:1'), { repository: 'localhost:5000/app', tag: '1', digest: undefined });
  assert.deepEqual(parseReference(`golang@${DIGEST}`), { repository: 'docker.io/library/golang', tag: undefined, digest: DIGEST });
});

test('pinning uses the repo digest of the same repository, keeping the tag', () => {
  assert.equal(pinnedReference('golang:1.22', [`golang@${DIGEST}`]), `golang:1.22@${DIGEST}`);
  assert.equal(pinnedReference('library/golang', [`docker.io/library/golang@${DIGEST}`]), `library/golang@${DIGEST}`);
});

test('no pin without a matching repo digest (locally built, other repository, already pinned)', () => {
  assert.equal(pinnedReference('app:dev', []), undefined);
  assert.equal(pinnedReference('golang:1.22', [`other/golang@${DIGEST}`]), undefined);
  assert.equal(pinnedReference(`golang@${DIGEST}`, [`golang@${DIGEST}`]), undefined);
  assert.equal(pinnedReference('golang', ['golang@sha256:short']), undefined);
});
