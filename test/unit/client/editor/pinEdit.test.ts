// The pin action's edit without the editor: how FROM references match the daemon's RepoDigests
// (Hub spellings, registries with ports, tags kept) and when no pin is offered.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeRepository, pinEditFor, pinnedReference } from '../../../../client/editor/fromImage';

const DIGEST = `sha256:${'c3'.repeat(32)}`;

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

test('Docker Hub spellings normalize as the daemon records them (docker.io/golang is library/golang)', () => {
  assert.equal(normalizeRepository('docker.io/golang'), 'docker.io/library/golang');
  assert.equal(normalizeRepository('index.docker.io/library/golang'), 'docker.io/library/golang');
  assert.equal(normalizeRepository('index.docker.io/grafana/grafana'), 'docker.io/grafana/grafana');
  assert.equal(normalizeRepository('docker.io/grafana/grafana'), 'docker.io/grafana/grafana');
  // Not an alias to the daemon: a registry of its own name.
  assert.equal(normalizeRepository('registry-1.docker.io/golang'), 'registry-1.docker.io/golang');
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

test('the edit replaces exactly the reference, after flags and before AS', async () => {
  const { lookup, asked } = daemon({ 'localhost:5000/app:2': [`localhost:5000/app@${DIGEST}`] });
  const line = 'FROM --platform=$BUILDPLATFORM localhost:5000/app:2 AS build';
  const pin = await pinEditFor(line, `${line}\n`, lookup);
  assert.deepEqual(pin, { start: 31, end: 51, pinned: `localhost:5000/app:2@${DIGEST}`, digest: DIGEST });
  assert.deepEqual(asked, ['localhost:5000/app:2']);
});

test('no edit for ARG references, unknown images, images without a repo digest, or other lines', async () => {
  const { lookup, asked } = daemon({ 'golang:1.22': [`golang@${DIGEST}`], 'app:dev': [] });
  assert.equal(await pinEditFor('FROM ${BASE}', 'ARG BASE=golang:1.22\nFROM ${BASE}\n', lookup), undefined);
  assert.equal(await pinEditFor('FROM absent:1', 'FROM absent:1\n', lookup), undefined);
  assert.equal(await pinEditFor('FROM app:dev', 'FROM app:dev\n', lookup), undefined);
  assert.equal(await pinEditFor('RUN echo golang:1.22', 'FROM x\nRUN echo golang:1.22\n', lookup), undefined);
  assert.deepEqual(asked, ['absent:1', 'app:dev'], 'an ARG reference is not even looked up');
});
