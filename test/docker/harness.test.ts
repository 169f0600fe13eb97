import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildImage, dockerOrSkip, ensureBusyboxImage, BUSYBOX_IMAGE } from '../helpers/docker';

test('builds an image from a tiny context through dockerode and reads its history', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  const tag = 'dockscope-test/harness:latest';
  const id = await buildImage(docker, {
    Dockerfile: `FROM ${BUSYBOX_IMAGE}\nCOPY hello.txt /hello.txt\nRUN head -c 4096 /dev/zero > /zeros\n`,
    'hello.txt': 'hello\n',
  }, tag);
  try {
    const history = await docker.getImage(id).history();
    const createdBy = history.map((entry: { CreatedBy: string }) => entry.CreatedBy);
    assert.ok(createdBy.some((line: string) => line.includes('COPY') && line.includes('/hello.txt')), createdBy.join('\n'));
    const zeros = history.find((entry: { CreatedBy: string }) => entry.CreatedBy.includes('/zeros'));
    assert.ok(zeros, 'the RUN layer is in the history');
    assert.equal(zeros.Size, 4096);
  } finally {
    await docker.getImage(id).remove({ force: true });
  }
});
