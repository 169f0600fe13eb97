// "Pin to the digest the daemon has", for real: an image pushed to an in-process registry gets a
// RepoDigest from the daemon; the pin action's pieces (LocalImages + pinEditFor) turn its FROM
// into exactly `repo:tag@<the digest the registry stored>`; the lint finding goes away; and the
// pinned Dockerfile still builds through Dockscope's runner, on the pinned image even after the
// tag moves at the registry. A locally built image, or the same image under another repository,
// gets no pin.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import type Docker from 'dockerode';
import { pinEditFor, type PinEdit } from '../../client/editor/fromImage';
import { LocalImages } from '../../client/editor/localImages';
import { runBuild } from '../../engine/build/runner';
import { tempContext } from '../helpers/buildContext';
import { BUSYBOX_IMAGE, buildImage, dockerOrSkip, ensureBusyboxImage } from '../helpers/docker';
import { findingsOf } from '../helpers/lint';
import { startRegistry, type TestRegistry } from '../helpers/registry';

const REPOSITORY_PATH = 'dockscope-test/pin';
const BUILT_TAG = 'dockscope-test/pin-build:1';
const LOCAL_TAG = 'dockscope-test/pin-local:1';
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Tags an image into the registry and pushes it through the Engine API, as `docker push` does. */
async function push(docker: Docker, repository: string, tag: string, source = BUSYBOX_IMAGE): Promise<void> {
  await docker.getImage(source).tag({ repo: repository, tag });
  // An empty auth header: the daemon refuses a push without X-Registry-Auth (API 1.41).
  const stream = await docker.getImage(repository).push({ tag, authconfig: {} });
  const messages: Array<{ error?: string; errorDetail?: { message?: string } }> = await new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: unknown[]) => (error ? reject(error) : resolve(output as never)));
  });
  const failure = messages.find((message) => message.error || message.errorDetail);
  // The registry listens on this machine's loopback: a daemon in a VM or elsewhere cannot reach it.
  if (failure) throw new Error(`push of ${repository}:${tag} failed: ${failure.error ?? failure.errorDetail?.message} (the daemon must run on this machine)`);
}

/** The FROM line after the edit the pin action would make, or undefined when it offers none. */
async function pinned(images: LocalImages, dockerfile: string, line = 0): Promise<{ text: string; pin: PinEdit } | undefined> {
  const lines = dockerfile.split('\n');
  const pin = await pinEditFor(dockerfile, line, (reference) => images.lookup(reference));
  if (!pin) return undefined;
  lines[line] = lines[line].slice(0, pin.start) + pin.pinned + lines[line].slice(pin.end);
  return { text: lines.join('\n'), pin };
}

async function removeImages(docker: Docker, references: string[]): Promise<void> {
  for (const reference of references) await docker.getImage(reference).remove().catch(() => undefined);
}

/**
 * The registry with the test image pushed as `:1` and the manifest digest it stored, plus
 * cleanup of everything this test tags there or builds.
 */
async function setUp(t: TestContext, docker: Docker): Promise<{ registry: TestRegistry; repository: string; stored: string }> {
  await ensureBusyboxImage(docker);
  const registry = await startRegistry();
  const repository = `${registry.host}/${REPOSITORY_PATH}`;
  await removeImages(docker, [BUILT_TAG, LOCAL_TAG]);
  t.after(async () => {
    // Every tag and digest reference in this run's registry (its port makes them unique), then
    // the images built here: only references are removed from the shared test image.
    const images = await docker.listImages({ digests: true });
    const ours = images.flatMap((image) => [...(image.RepoTags ?? []), ...(image.RepoDigests ?? [])]).filter((reference) => reference.startsWith(`${repository}`));
    await removeImages(docker, [...ours, BUILT_TAG, LOCAL_TAG]);
    await registry.close();
  });
  await push(docker, repository, '1');
  const stored = registry.manifestDigest(REPOSITORY_PATH, '1') ?? '';
  assert.match(stored, DIGEST);
  return { registry, repository, stored };
}

test('a pushed image pins FROM to the digest the registry stored, and the pinned Dockerfile builds', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  const { registry, repository, stored } = await setUp(t, docker);
  const images = new LocalImages(() => docker);
  const image = await images.lookup(`${repository}:1`);
  assert.ok(image, 'the daemon knows the pushed reference');
  assert.deepEqual(image.repoDigests, [`${repository}@${stored}`], 'the daemon recorded the digest the registry stored');

  const tagged = await pinned(images, `FROM ${repository}:1\n`);
  assert.equal(tagged?.text, `FROM ${repository}:1@${stored}\n`);
  assert.equal(tagged?.pin.digest, stored);

  // The case the action is offered for: no tag (base-image-unpinned), pinned, finding gone. The
  // tagged stage is pinned too, so the build below covers both forms of a pinned reference.
  await push(docker, repository, 'latest');
  assert.equal(registry.manifestDigest(REPOSITORY_PATH, 'latest'), stored, 'the same image pushes to the same manifest');
  const unpinned = `FROM ${repository}:1 AS tagged\nRUN echo tagged > /tagged.txt\n\nFROM ${repository}\nCOPY --from=tagged /tagged.txt /\nRUN echo pinned > /pinned.txt\n`;
  const findings = findingsOf('base-image-unpinned', unpinned);
  assert.deepEqual(findings.map((finding) => finding.range.start.line), [3]);
  const fixedUntagged = await pinned(images, unpinned, findings[0].range.start.line);
  const fixed = fixedUntagged && await pinned(images, fixedUntagged.text, 0);
  assert.equal(fixed?.text, `FROM ${repository}:1@${stored} AS tagged\nRUN echo tagged > /tagged.txt\n\nFROM ${repository}@${stored}\nCOPY --from=tagged /tagged.txt /\nRUN echo pinned > /pinned.txt\n`);
  assert.deepEqual(findingsOf('base-image-unpinned', fixed.text), []);

  const context = tempContext({ Dockerfile: fixed.text });
  t.after(context.cleanup);
  const before = registry.requests.length;
  const record = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, tag: BUILT_TAG, network: 'none' });
  assert.equal(record.outcome, 'succeeded', `the pinned Dockerfile builds: ${record.error ?? ''}`);
  const built = await docker.getImage(BUILT_TAG).inspect();
  const base = await docker.getImage(`${repository}@${stored}`).inspect();
  assert.deepEqual(built.RootFS.Layers?.slice(0, base.RootFS.Layers?.length), base.RootFS.Layers, 'built on the pinned image');
  t.diagnostic(`registry requests during the build: ${registry.requests.slice(before).join(', ') || 'none (resolved from the local store)'}`);
  t.diagnostic(`build ${record.builder}, ${Math.round(record.wallMs)} ms`);
});

test('the same image under another repository, or a locally built image, gets no pin', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  const { repository } = await setUp(t, docker);
  const images = new LocalImages(() => docker);

  // Same image id, so the daemon lists the registry's digest for it: but that digest names
  // another repository, and `docker.io/dockscope-test/busybox@…` would not resolve.
  const busybox = await images.lookup(BUSYBOX_IMAGE);
  assert.ok(busybox?.repoDigests.some((reference) => reference.startsWith(`${repository}@`)));
  assert.equal(await pinned(images, `FROM ${BUSYBOX_IMAGE}\n`), undefined);

  await buildImage(docker, { Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN echo local > /local.txt\n` }, LOCAL_TAG);
  const local = await images.lookup(LOCAL_TAG);
  assert.ok(local, 'the daemon has the local build');
  assert.deepEqual(local.repoDigests, []);
  assert.equal(await pinned(images, `FROM ${LOCAL_TAG}\n`), undefined);
  assert.equal(await pinned(images, 'FROM dockscope-test/pin-never-built:1\n'), undefined);
});

test('the pinned FROM keeps building on the pinned image after the tag moves at the registry', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  const { registry, repository, stored } = await setUp(t, docker);

  // Someone pushes another image as :1; this daemon keeps no reference to the pinned manifest.
  await buildImage(docker, { Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN echo moved > /moved.txt\n` }, LOCAL_TAG);
  await push(docker, repository, '1', LOCAL_TAG);
  const moved = registry.manifestDigest(REPOSITORY_PATH, '1');
  assert.notEqual(moved, stored);
  await removeImages(docker, [`${repository}:1`, `${repository}@${stored}`, `${repository}@${moved}`]);
  await assert.rejects(docker.getImage(`${repository}@${stored}`).inspect());

  const context = tempContext({ Dockerfile: `FROM ${repository}:1@${stored}\nRUN echo pinned > /pinned.txt\n` });
  t.after(context.cleanup);
  const before = registry.requests.length;
  const record = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, tag: BUILT_TAG, network: 'none' });
  assert.equal(record.outcome, 'succeeded', `the pinned Dockerfile builds: ${record.error ?? ''}`);
  const layers = async (reference: string) => (await docker.getImage(reference).inspect()).RootFS.Layers ?? [];
  const [built, base, movedLayers] = [await layers(BUILT_TAG), await layers(BUSYBOX_IMAGE), await layers(LOCAL_TAG)];
  assert.deepEqual(built.slice(0, base.length), base, 'built on the pinned image');
  assert.equal(built.length, base.length + 1);
  assert.notDeepEqual(built.slice(0, movedLayers.length), movedLayers, 'not on the image the tag now names');
  // BuildKit asks the registry (if at all) by the pinned digest, never by the tag.
  const manifestRequests = registry.requests.slice(before).filter((request) => request.includes('/manifests/'));
  assert.deepEqual(manifestRequests.filter((request) => !request.endsWith(`/manifests/${stored}`)), []);
  t.diagnostic(`manifest requests during the build: ${manifestRequests.join(', ') || 'none'}`);
});
