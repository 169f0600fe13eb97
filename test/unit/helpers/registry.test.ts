// The in-process registry the pin-digest Docker test pushes to (test/helpers/registry.ts): the
// distribution protocol pieces the daemon and BuildKit use, and its refusals (bad digests,
// manifests that name missing blobs), so a green Docker test means a correct registry.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { startRegistry } from '../../helpers/registry';

const sha256 = (data: string | Buffer) => `sha256:${createHash('sha256').update(data).digest('hex')}`;
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { errors: Array<{ code: string }> }).errors[0].code;
}

test('chunked and monolithic uploads, verified blobs, manifests by tag and digest, mounts', async (t) => {
  const registry = await startRegistry();
  t.after(() => registry.close());
  const base = `http://${registry.host}`;

  const ping = await fetch(`${base}/v2/`);
  assert.equal(ping.status, 200);
  assert.equal(ping.headers.get('docker-distribution-api-version'), 'registry/2.0');

  // Chunked: POST, two PATCHes (the second must continue where the first ended), PUT ?digest=.
  const layer = Buffer.from('layer bytes, in two chunks');
  const started = await fetch(`${base}/v2/team/app/blobs/uploads/`, { method: 'POST' });
  assert.equal(started.status, 202);
  const location = new URL(started.headers.get('location') ?? '', base);
  const first = await fetch(location, { method: 'PATCH', body: layer.subarray(0, 10), headers: { 'Content-Range': '0-9' } });
  assert.equal(first.status, 202);
  assert.equal(first.headers.get('range'), '0-9');
  assert.equal((await fetch(location, { method: 'PATCH', body: 'x', headers: { 'Content-Range': '3-3' } })).status, 416);
  await fetch(location, { method: 'PATCH', body: layer.subarray(10) });
  const wrong = await fetch(`${location}?digest=${sha256('other')}`, { method: 'PUT' });
  assert.equal(wrong.status, 400);
  assert.equal(await errorCode(wrong), 'DIGEST_INVALID');
  assert.equal((await fetch(location, { method: 'POST' })).status, 405, 'an upload takes PATCH and PUT only');

  const monolithic = await fetch(`${base}/v2/team/app/blobs/uploads/?digest=${sha256(layer)}`, { method: 'POST', body: layer });
  assert.equal(monolithic.status, 201);
  assert.equal(monolithic.headers.get('docker-content-digest'), sha256(layer));
  const head = await fetch(`${base}/v2/team/app/blobs/${sha256(layer)}`, { method: 'HEAD' });
  assert.equal(head.headers.get('content-length'), String(layer.length));
  assert.equal(Buffer.from(await (await fetch(`${base}/v2/team/app/blobs/${sha256(layer)}`)).arrayBuffer()).toString(), layer.toString());
  assert.equal((await fetch(`${base}/v2/team/other/blobs/${sha256(layer)}`, { method: 'HEAD' })).status, 404, 'blobs belong to a repository');

  const config = '{"architecture":"amd64","os":"linux"}';
  const manifest = JSON.stringify({
    schemaVersion: 2, mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: sha256(config), size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: sha256(layer), size: layer.length }],
  });
  const missingConfig = await fetch(`${base}/v2/team/app/manifests/1`, { method: 'PUT', body: manifest, headers: { 'Content-Type': OCI_MANIFEST } });
  assert.equal(await errorCode(missingConfig), 'MANIFEST_BLOB_UNKNOWN');
  await fetch(`${base}/v2/team/app/blobs/uploads/?digest=${sha256(config)}`, { method: 'POST', body: config });
  const mismatched = await fetch(`${base}/v2/team/app/manifests/1`, { method: 'PUT', body: manifest, headers: { 'Content-Type': DOCKER_MANIFEST } });
  assert.equal(await errorCode(mismatched), 'MANIFEST_INVALID', 'Content-Type must agree with mediaType');
  const put = await fetch(`${base}/v2/team/app/manifests/1`, { method: 'PUT', body: manifest, headers: { 'Content-Type': OCI_MANIFEST } });
  assert.equal(put.status, 201);
  assert.equal(put.headers.get('docker-content-digest'), sha256(manifest));
  assert.equal(registry.manifestDigest('team/app', '1'), sha256(manifest));
  for (const reference of ['1', sha256(manifest)]) {
    const got = await fetch(`${base}/v2/team/app/manifests/${reference}`);
    assert.equal(got.headers.get('content-type'), OCI_MANIFEST);
    assert.equal(got.headers.get('docker-content-digest'), sha256(manifest));
    assert.equal(await got.text(), manifest);
  }
  const byOtherDigest = await fetch(`${base}/v2/team/app/manifests/${sha256('x')}`, { method: 'PUT', body: manifest, headers: { 'Content-Type': OCI_MANIFEST } });
  assert.equal(await errorCode(byOtherDigest), 'DIGEST_INVALID');
  assert.deepEqual(await (await fetch(`${base}/v2/team/app/tags/list`)).json(), { name: 'team/app', tags: ['1'] });

  const mounted = await fetch(`${base}/v2/team/copy/blobs/uploads/?mount=${sha256(layer)}&from=team/app`, { method: 'POST' });
  assert.equal(mounted.status, 201);
  assert.equal((await fetch(`${base}/v2/team/copy/blobs/${sha256(layer)}`, { method: 'HEAD' })).status, 200);
  assert.equal((await fetch(`${base}/v2/team/app/manifests/2`, { method: 'HEAD' })).status, 404);
  assert.ok(registry.requests.includes(`HEAD /v2/team/app/manifests/2`));
});
