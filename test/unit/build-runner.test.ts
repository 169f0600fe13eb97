// runBuild without a daemon: a transport failure is thrown for the caller to classify, never
// turned into a "failed build" record.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import Docker from 'dockerode';
import { tempContext } from '../helpers/buildContext';
import { runBuild } from '../../server/docker/build/runner';
import { classifyDockerError } from '../../server/docker/errors';

test('no daemon at the socket: runBuild rejects and the error classifies as unreachable', async (t) => {
  const context = tempContext({ Dockerfile: 'FROM scratch\nCOPY a /a\n', a: 'a\n' });
  t.after(context.cleanup);
  const docker = new Docker({ socketPath: path.join(context.dir, 'no-daemon.sock') });
  const failure = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir }).then(() => undefined, (error: unknown) => error);
  assert.ok(failure, 'runBuild rejected');
  assert.equal(classifyDockerError(failure).kind, 'unreachable');
});
