// Image references: the parts, and the repository the daemon records for each spelling.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalReference, canonicalRepository, officialName, parseImageReference, sameImage } from '../../../common/imageRef';

const DIGEST = `sha256:${'a1'.repeat(32)}`;
const repository = (text: string) => canonicalRepository(parseImageReference(text));

test('a reference splits into registry, repository, tag and digest; a port is not a tag', () => {
  assert.deepEqual(parseImageReference('localhost:5000/app:1'), { registry: 'localhost:5000', repository: 'app', tag: '1', digest: null });
  assert.deepEqual(parseImageReference(`golang@${DIGEST}`), { registry: null, repository: 'golang', tag: null, digest: DIGEST });
  assert.deepEqual(parseImageReference('gcr.io/distroless/static-debian12:nonroot'),
    { registry: 'gcr.io', repository: 'distroless/static-debian12', tag: 'nonroot', digest: null });
  assert.deepEqual(parseImageReference('team/app'), { registry: null, repository: 'team/app', tag: null, digest: null });
});

test('Docker Hub spellings name the repository the daemon records (docker.io/golang is library/golang)', () => {
  assert.equal(repository('golang'), 'docker.io/library/golang');
  assert.equal(repository('grafana/grafana'), 'docker.io/grafana/grafana');
  assert.equal(repository('docker.io/golang'), 'docker.io/library/golang');
  assert.equal(repository('index.docker.io/library/golang'), 'docker.io/library/golang');
  assert.equal(repository('index.docker.io/grafana/grafana'), 'docker.io/grafana/grafana');
  assert.equal(repository('ghcr.io/o/app'), 'ghcr.io/o/app');
  assert.equal(repository('localhost:5000/app'), 'localhost:5000/app');
  // Not an alias to the daemon: a registry of its own name.
  assert.equal(repository('registry-1.docker.io/golang'), 'registry-1.docker.io/golang');
});

test('official names drop library/ on Docker Hub only', () => {
  assert.equal(officialName(parseImageReference('library/golang:1.22')), 'golang');
  assert.equal(officialName(parseImageReference('docker.io/library/golang')), 'golang');
  assert.equal(officialName(parseImageReference('ghcr.io/library/golang')), 'library/golang');
});

test('the same image under different spellings; latest is the default tag', () => {
  assert.ok(sameImage('golang:1.22', 'docker.io/library/golang:1.22'));
  assert.ok(sameImage('alpine', 'alpine:latest'));
  assert.ok(!sameImage('alpine:3.20', 'alpine:3.19'));
  assert.equal(canonicalReference(`golang@${DIGEST}`), `docker.io/library/golang@${DIGEST}`);
});
