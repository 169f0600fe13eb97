// Every layer of an image Dockscope built maps to the Dockerfile line that made it, with both
// builders: COPY --from (history drops the flag), --chown/--chmod, RUN --mount, an ARG in a
// source path and a build argument given at build time (history records the expanded text; the
// build record's step names say what each line became).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { runBuild } from '../../engine/build/runner';
import { getImageLayers, type ImageLayers } from '../../engine/docker/images';
import { matchImageToDockerfile, type ImageMatch } from '../../engine/dockerfile/historyMatch';
import { tempContext } from '../helpers/buildContext';
import { BUSYBOX_IMAGE, buildImage, dockerOrSkip, ensureBusyboxImage } from '../helpers/docker';

const dockerfile = (buildkitOnly: boolean) => `ARG BASE=${BUSYBOX_IMAGE}
FROM \${BASE} AS builder
ARG APP=server
WORKDIR /src
COPY go.mod ./
RUN ${buildkitOnly ? '--mount=type=cache,target=/root/.cache ' : ''}head -c 5000 /dev/zero > /src/\${APP} && \\
    echo built > /src/note
FROM \${BASE}
ARG APP=server
WORKDIR /app
COPY --from=builder /src/\${APP} /app/server
COPY --from=builder --chown=1:1 /src/note /app/note
COPY ${buildkitOnly ? '--chmod=755 ' : ''}go.mod /app/\${APP}.mod
ADD --chown=2:2 go.mod /app/add.mod
RUN echo "\${APP}" > /app/name
EXPOSE 8080
ENV MODE=prod APP_NAME=\${APP}
USER 1:1
CMD ["/app/server"]
`;

/** Each own layer's instruction, and the keyword of the line it was mapped to (or `unmatched`). */
function mapping(image: ImageLayers, match: ImageMatch, text: string): Array<[string, string]> {
  const lines = text.split('\n');
  return image.layers.filter((layer) => !layer.fromBase).map((layer) => {
    const location = match.locations[layer.index];
    return [layer.createdBy, location ? lines[location.line].split(' ')[0] : 'unmatched'];
  });
}

test('BuildKit: every layer of a multi-stage image maps to its line, a build argument included', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  const context = tempContext({ Dockerfile: dockerfile(true), 'go.mod': 'module example.com/app\n' });
  const tag = 'dockscope-test/layer-lines:buildkit';
  t.after(async () => {
    context.cleanup();
    await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
  });
  const record = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, tag, network: 'none', buildArgs: { APP: 'api' } });
  assert.equal(record.outcome, 'succeeded', record.error ?? undefined);
  const text = readFileSync(path.join(context.dir, 'Dockerfile'), 'utf8');
  const image = await getImageLayers(docker, record.image!);
  const withRecord = matchImageToDockerfile(image, text, { target: record.target ?? undefined, builtSteps: record.steps });
  const pairs = mapping(image, withRecord, text);
  assert.equal(withRecord.matched, withRecord.own, JSON.stringify(pairs));
  for (const [createdBy, keyword] of pairs) assert.equal(createdBy.split(' ')[0], keyword, createdBy);
  assert.equal(withRecord.baseLine, 7, 'the final stage\'s FROM names the base');
  const copyFrom = image.layers.find((layer) => layer.createdBy === 'COPY /src/api /app/server');
  assert.ok(copyFrom, 'history drops --from and expands the build argument');
  assert.equal(withRecord.locations[copyFrom.index]?.line, 10, 'COPY --from=builder /src/${APP} opens line 11');
  // Without the record, the build argument's value comes from the RUN entries' `|1 APP=api`.
  assert.deepEqual(matchImageToDockerfile(image, text).locations, withRecord.locations);
});

test('classic builder: every layer of a multi-stage image maps to its line', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  const text = dockerfile(false);
  const tag = 'dockscope-test/layer-lines:classic';
  t.after(async () => { await docker.getImage(tag).remove({ force: true }).catch(() => undefined); });
  const id = await buildImage(docker, { Dockerfile: text, 'go.mod': 'module example.com/app\n' }, tag);
  const image = await getImageLayers(docker, id);
  const match = matchImageToDockerfile(image, text);
  const pairs = mapping(image, match, text);
  assert.equal(match.matched, match.own, JSON.stringify(pairs));
  for (const [createdBy, keyword] of pairs) assert.equal(createdBy.split(' ')[0], keyword, createdBy);
  const copyFrom = image.layers.find((layer) => /^COPY file:\w+ \/app\/server$/.test(layer.createdBy));
  assert.ok(copyFrom, 'the classic builder records COPY --from as a hashed source');
  assert.equal(match.locations[copyFrom.index]?.line, 10);
});
