// `dockscope build` says why each step ran, comparing with the last build of the same Dockerfile
// on the real daemon: the COPY names exactly the file edited, steps after it point at it, a
// changed build argument and an edited RUN are named, and a step whose cache was pruned (and
// nothing else changed) says so.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type Docker from 'dockerode';
import { BUSYBOX_IMAGE, dockerOrSkip, ensureBusyboxImage } from '../helpers/docker';
import { tempContext } from '../helpers/buildContext';
import { DIST } from '../helpers/paths';

interface JsonStep { line: number | null; cached: boolean; reason: { kind: string; [key: string]: unknown } | null }

const images = new Set<string>();

function build(dir: string, cache: string, extra: string[] = []): Map<number, JsonStep['reason']> {
  const result = spawnSync(process.execPath, [path.join(DIST, 'cli.js'), 'build', dir, '--network', 'none', '--json', ...extra], {
    encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cache },
  });
  assert.equal(result.status, 0, result.stderr);
  const { steps, image } = JSON.parse(result.stdout) as { steps: JsonStep[]; image: string };
  images.add(image);
  return new Map(steps.filter((step) => step.line !== null && !step.cached).map((step) => [step.line!, step.reason]));
}

/** Removes the build cache records of the RUN steps whose command contains `marker`, and only those. */
async function pruneCacheOf(docker: Docker, marker: string): Promise<number> {
  const usage = await docker.df() as { BuildCache?: Array<{ ID: string; Description?: string }> };
  const ids = (usage.BuildCache ?? []).filter((record) => record.Description?.includes(marker)).map((record) => record.ID);
  if (ids.length) {
    await new Promise<void>((resolve, reject) => docker.modem.dial({
      path: '/build/prune?', method: 'POST', options: { filters: JSON.stringify({ id: ids }) }, statusCodes: { 200: true, 500: 'server error' },
    } as never, (error: unknown) => (error ? reject(error) : resolve())));
  }
  return ids.length;
}

test('a rebuild names the edited file, the changed build argument, the edited RUN, and a pruned cache', { timeout: 240_000 }, async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  const nonce = randomUUID().slice(0, 8);
  const dockerfile = [
    `FROM ${BUSYBOX_IMAGE} AS build`, // 1
    'ARG VERSION=1', // 2
    'WORKDIR /src', // 3
    'COPY go.mod ./', // 4
    `RUN echo deps-${nonce}`, // 5
    'COPY . .', // 6
    `RUN echo "building $VERSION ${nonce}" && cat main.go > /out`, // 7
    'ENV DONE=1', // 8
    `RUN echo after-${nonce}`, // 9
    '',
    `FROM ${BUSYBOX_IMAGE}`, // 11
    'COPY --from=build /out /out', // 12
    `RUN cat /out && echo final-${nonce}`, // 13
    '',
  ].join('\n');
  const context = tempContext({ Dockerfile: dockerfile, 'go.mod': 'module example.com/x\n', 'main.go': 'package main\n', 'README.md': 'docs\n', '.dockerignore': 'README.md\n' });
  const cache = mkdtempSync(path.join(tmpdir(), 'dockscope-why-'));
  t.after(async () => {
    context.cleanup();
    rmSync(cache, { recursive: true, force: true });
    for (const image of images) await docker.getImage(image).remove({ force: true }).catch(() => undefined);
  });

  const first = build(context.dir, cache);
  assert.ok([...first.values()].every((reason) => reason === null), 'a first build has nothing to compare with');

  writeFileSync(path.join(context.dir, 'main.go'), 'package main\n\nfunc main() {}\n');
  writeFileSync(path.join(context.dir, 'README.md'), 'ignored by .dockerignore, so never a cause\n');
  const edited = build(context.dir, cache);
  assert.deepEqual(edited.get(6), { kind: 'files-changed', added: [], removed: [], changed: ['main.go'] });
  // BuildKit reports line 12 (COPY --from of the rebuilt stage) as cached, though line 13 after it runs.
  for (const line of [7, 9, 13]) assert.deepEqual(edited.get(line), { kind: 'parent', line: 6 }, `line ${line} points at the COPY: ${JSON.stringify([...edited])}`);
  assert.ok(!edited.has(5), 'the dependency step stayed cached');

  const withArg = build(context.dir, cache, ['--build-arg', 'VERSION=2']);
  // BuildKit gives every RUN the stage's build arguments in its environment: all three RUNs miss.
  for (const line of [5, 7, 9]) assert.deepEqual(withArg.get(line), { kind: 'build-arg', names: ['VERSION'] }, `line ${line}`);
  assert.deepEqual(withArg.get(6), { kind: 'parent', line: 5 });

  writeFileSync(path.join(context.dir, 'Dockerfile'), dockerfile.replace(`RUN cat /out && echo final-${nonce}`, `RUN cat /out && echo final-${nonce} again`));
  const runEdited = build(context.dir, cache, ['--build-arg', 'VERSION=2']);
  assert.equal(runEdited.get(13)?.kind, 'instruction-changed');
  // The Dockerfile is part of the context `COPY . .` sends: editing it changes that layer too.
  assert.deepEqual(runEdited.get(6), { kind: 'files-changed', added: [], removed: [], changed: ['Dockerfile'] });

  const unchanged = build(context.dir, cache, ['--build-arg', 'VERSION=2']);
  // (A FROM of a local image may show as run each time; it is given no reason, as it rebuilt nothing.)
  assert.deepEqual([...unchanged].filter(([, reason]) => reason !== null), [], 'an unchanged rebuild runs nothing');
  // The image holds the step's layer (its cache record is then shared and not pruned): remove it first.
  for (const image of images) await docker.getImage(image).remove({ force: true }).catch(() => undefined);
  assert.ok(await pruneCacheOf(docker, `final-${nonce} again`) > 0, 'the cache record of line 13 was found');
  const pruned = build(context.dir, cache, ['--build-arg', 'VERSION=2']);
  assert.deepEqual(pruned.get(13), { kind: 'cache-pruned' });
  assert.deepEqual([...pruned].filter(([, reason]) => reason !== null).map(([line]) => line), [13]);
  assert.ok(readFileSync(path.join(context.dir, 'Dockerfile'), 'utf8').includes('again'));
});
