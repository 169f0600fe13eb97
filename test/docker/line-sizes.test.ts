// One image, two ways to the inline figures: after a build (history sizes of the built image) and
// after an analysis (file-level sizes of the same image). Both go through the one history→line
// matcher (engine/dockerfile/historyMatch.ts), so every line gets the same size either way, and
// the layer a multi-stage COPY --from made lands on its line.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeImage } from '../../engine/analysis/index';
import { runBuild } from '../../engine/build/runner';
import { getImageLayers } from '../../engine/docker/images';
import { matchImageToDockerfile, sizesByLine } from '../../engine/dockerfile/historyMatch';
import { tempContext } from '../helpers/buildContext';
import { BUSYBOX_IMAGE, dockerOrSkip, ensureBusyboxImage } from '../helpers/docker';

const TAG = 'dockscope-test/line-sizes:1';
const DOCKERFILE = `FROM ${BUSYBOX_IMAGE} AS builder
WORKDIR /src
COPY payload.bin ./
RUN head -c 20000 /dev/zero > built.bin

FROM ${BUSYBOX_IMAGE}
ARG NOTE=x
WORKDIR /app
COPY --from=builder /src/built.bin ./built.bin
RUN head -c 3000 /dev/zero > /app/extra && \\
    echo done
ENV MODE=prod
CMD ["/bin/sh"]
`;

test('Build and Analyze put the same size on the same line, COPY --from included', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  const context = tempContext({ Dockerfile: DOCKERFILE, 'payload.bin': Buffer.alloc(7000, 1) });
  t.after(async () => {
    context.cleanup();
    await docker.getImage(TAG).remove({ force: true }).catch(() => undefined);
  });
  const record = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, tag: TAG, network: 'none' });
  assert.equal(record.outcome, 'succeeded', record.error ?? undefined);
  const text = readFileSync(path.join(context.dir, 'Dockerfile'), 'utf8');

  // After Build: the built image's history, matched to the Dockerfile it was built from.
  const built = await getImageLayers(docker, record.image!);
  const match = matchImageToDockerfile(built, text, { target: record.target ?? undefined });
  const afterBuild = sizesByLine(built, match);
  // After Analyze: the same image read file by file.
  const analysis = await analyzeImage(docker, record.image!);
  const afterAnalyze = sizesByLine(built, match, analysis);

  assert.deepEqual([...afterAnalyze].sort(), [...afterBuild].sort());
  // Every own layer of the final stage found its line (1-based): WORKDIR, COPY --from, RUN, ENV, CMD.
  assert.equal(match.matched, match.own, `unmatched layers: ${built.layers.filter((layer, i) => !layer.fromBase && !match.locations[i]).map((layer) => layer.createdBy).join(' | ')}`);
  assert.equal(afterBuild.get(9), 20_000, 'COPY --from=builder carries the built file');
  assert.equal(afterBuild.get(10), 3_000, 'the continued RUN on its first line');
  for (const line of [7, 12, 13]) assert.equal(afterBuild.has(line), false, `line ${line} only changes metadata: no figure`);
  assert.equal(afterBuild.get(8), 0, 'WORKDIR made an (empty) layer');
  assert.equal(afterBuild.has(1), false, 'the builder stage\'s FROM is not in the image');
  assert.equal(afterBuild.get(6), built.base?.sizeBytes, 'the final FROM line carries the base image\'s size');
  assert.ok((built.base?.sizeBytes ?? 0) > 1_000_000, 'busybox is the base');
});
