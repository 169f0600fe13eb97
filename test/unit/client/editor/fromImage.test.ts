// The FROM images the hover and the pin action see, and the pin edit without the editor: how
// references match the daemon's RepoDigests (Hub spellings, registries with ports, tags kept) and
// when no pin is offered.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromReferenceAt, fromReferences, pinEditFor, pinnedReference } from '../../../../client/editor/fromImage';
import { buildModel } from '../../../../dockerfile/model';

const DIGEST = `sha256:${'a1'.repeat(32)}`;

/** A daemon lookup that knows some references and records what it was asked. */
function daemon(known: Record<string, string[]>): { lookup: (reference: string) => Promise<{ repoDigests: string[] } | undefined>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    lookup: async (reference) => {
      asked.push(reference);
      return known[reference] ? { repoDigests: known[reference] } : undefined;
    },
  };
}

test('the image of a FROM line is found with its range, after flags and before AS', () => {
  const [from] = fromReferences(buildModel('FROM --platform=$BUILDPLATFORM golang:1.22 AS build\n'));
  assert.deepEqual(from, { text: 'golang:1.22', resolved: 'golang:1.22', range: { start: { line: 0, character: 31 }, end: { line: 0, character: 42 } } });
  assert.equal(fromReferenceAt('  from alpine\n', { line: 0, character: 8 })?.text, 'alpine');
  assert.equal(fromReferenceAt('FROM x\nRUN from y\n', { line: 1, character: 5 }), undefined);
  assert.deepEqual(fromReferences(buildModel('FROM\n')), []);
});

test('a FROM continued on the next line is found where its image is written', () => {
  assert.deepEqual(fromReferenceAt('FROM --platform=linux/amd64 \\\n  golang:1.22 AS b\n', { line: 1, character: 4 })?.range,
    { start: { line: 1, character: 2 }, end: { line: 1, character: 13 } });
});

test('ARG defaults declared before the first FROM resolve the reference; a variable without value does not', () => {
  const text = 'ARG GO=1.22\nARG REPO="golang"\nFROM ${REPO}:${GO}-alpine\nARG LATE=x\nFROM $MISSING\nFROM ${MISSING:-alpine}\n';
  assert.deepEqual(fromReferences(buildModel(text)).map((from) => from.resolved), ['golang:1.22-alpine', undefined, 'alpine']);
});

test('scratch and earlier stage names are not images', () => {
  const text = 'FROM a AS Builder\nFROM builder\nFROM scratch\nFROM late\nFROM c AS late\n';
  assert.deepEqual(fromReferences(buildModel(text)).map((from) => from.text), ['a', 'late', 'c']);
});

test('pinning uses the repo digest of the same repository, keeping the tag as written', () => {
  assert.equal(pinnedReference('golang:1.22', [`golang@${DIGEST}`]), `golang:1.22@${DIGEST}`);
  assert.equal(pinnedReference('library/golang', [`docker.io/library/golang@${DIGEST}`]), `library/golang@${DIGEST}`);
  assert.equal(pinnedReference('docker.io/golang:1.22', [`golang@${DIGEST}`]), `docker.io/golang:1.22@${DIGEST}`);
  assert.equal(pinnedReference('index.docker.io/library/golang', [`golang@${DIGEST}`]), `index.docker.io/library/golang@${DIGEST}`);
});

test('a registry with a port: its colon is not a tag, and the pin keeps the written tag', () => {
  const repoDigest = `127.0.0.1:5000/team/app@${DIGEST}`;
  assert.equal(pinnedReference('127.0.0.1:5000/team/app:1', [repoDigest]), `127.0.0.1:5000/team/app:1@${DIGEST}`);
  assert.equal(pinnedReference('127.0.0.1:5000/team/app', [repoDigest]), `127.0.0.1:5000/team/app@${DIGEST}`);
  assert.equal(pinnedReference('127.0.0.1:5001/team/app:1', [repoDigest]), undefined);
  assert.equal(pinnedReference('localhost:5000/team/app:1', [repoDigest]), undefined);
  assert.equal(pinnedReference(`127.0.0.1:5000/team/app:1@${DIGEST}`, [repoDigest]), undefined, 'tag and digest: already pinned');
});

test('no pin without a matching repo digest (locally built, other repository, already pinned)', () => {
  assert.equal(pinnedReference('app:dev', []), undefined);
  assert.equal(pinnedReference('golang:1.22', [`other/golang@${DIGEST}`]), undefined);
  assert.equal(pinnedReference(`golang@${DIGEST}`, [`golang@${DIGEST}`]), undefined);
  assert.equal(pinnedReference('golang', ['golang@sha256:short']), undefined);
});

test('the edit replaces exactly the reference, after flags and before AS', async () => {
  const { lookup, asked } = daemon({ 'localhost:5000/app:2': [`localhost:5000/app@${DIGEST}`] });
  const text = 'ARG X=1\nFROM --platform=$BUILDPLATFORM localhost:5000/app:2 AS build\n';
  const pin = await pinEditFor(text, 1, lookup);
  assert.deepEqual(pin, { line: 1, start: 31, end: 51, pinned: `localhost:5000/app:2@${DIGEST}`, digest: DIGEST });
  assert.deepEqual(asked, ['localhost:5000/app:2']);
});

test('no edit for ARG references, unknown images, images without a repo digest, or other lines', async () => {
  const { lookup, asked } = daemon({ 'golang:1.22': [`golang@${DIGEST}`], 'app:dev': [] });
  assert.equal(await pinEditFor('ARG BASE=golang:1.22\nFROM ${BASE}\n', 1, lookup), undefined);
  assert.equal(await pinEditFor('FROM absent:1\n', 0, lookup), undefined);
  assert.equal(await pinEditFor('FROM app:dev\n', 0, lookup), undefined);
  assert.equal(await pinEditFor('FROM x\nRUN echo golang:1.22\n', 1, lookup), undefined);
  assert.deepEqual(asked, ['absent:1', 'app:dev'], 'an ARG reference is not even looked up');
});
