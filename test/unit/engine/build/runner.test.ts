// runBuild without a daemon: a transport failure is thrown for the caller to classify, never
// turned into a "failed build" record; and its progress reporting, against a scripted stream.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import Docker from 'dockerode';
import { tempContext } from '../../../helpers/buildContext';
import { runBuild, type BuildProgress } from '../../../../engine/build/runner';
import { classifyDockerError, EDITOR_WORDS } from '../../../../engine/docker/errors';
import { FIXTURES } from '../../../helpers/paths';

test('no daemon at the socket: runBuild rejects and the error classifies as unreachable', async (t) => {
  const context = tempContext({ Dockerfile: 'FROM scratch\nCOPY a /a\n', a: 'a\n' });
  t.after(context.cleanup);
  const docker = new Docker({ socketPath: path.join(context.dir, 'no-daemon.sock') });
  const failure = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir }).then(() => undefined, (error: unknown) => error);
  assert.ok(failure, 'runBuild rejected');
  assert.equal(classifyDockerError(failure, { words: EDITOR_WORDS }).kind, 'unreachable');
});

// A daemon stand-in without sessions (a 404 to /session): takes the context as a tar, then
// streams what `script` writes.
function scriptedDaemon(script: (response: PassThrough) => Promise<void>): Docker {
  const modem = {
    dial(options: { file?: NodeJS.ReadableStream }, callback: (error: unknown, stream: unknown) => void) {
      if (!options.file) return callback(Object.assign(new Error('(HTTP code 404) no session support'), { statusCode: 404 }), null);
      options.file.resume();
      const response = new PassThrough();
      callback(null, response);
      void script(response);
    },
  };
  return { modem } as unknown as Docker;
}

test('progress is throttled but the latest state is always reported, even when the stream then goes quiet', async (t) => {
  const context = tempContext({ Dockerfile: 'FROM dockscope-test/busybox:1 AS builder\nWORKDIR /src\nCOPY a.txt .\nRUN echo building && \\\n    cp a.txt out.txt\n\nFROM dockscope-test/busybox:1\nCOPY --from=builder /src/out.txt /out.txt\nRUN cat /out.txt\n', 'a.txt': 'a\n' });
  t.after(context.cleanup);
  const messages = JSON.parse(readFileSync(path.join(FIXTURES, 'buildkit', 'two-stage.json'), 'utf8')) as unknown[];
  const reports: BuildProgress[] = [];
  let reportedDuringQuiet: BuildProgress | undefined;
  const docker = scriptedDaemon(async (response) => {
    // Everything arrives in one burst (well inside one throttle interval), then a silence as long
    // as a slow RUN's.
    for (const message of messages) response.write(`${JSON.stringify(message)}\n`);
    await new Promise((resolve) => setTimeout(resolve, 400));
    reportedDuringQuiet = reports.at(-1);
    response.end();
  });
  const record = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir }, { onProgress: (progress) => reports.push(progress) });
  assert.equal(record.outcome, 'succeeded');
  assert.ok(reports.length >= 2, `reports: ${reports.length}`);
  assert.ok(reportedDuringQuiet, 'a report arrived before the stream went quiet');
  const completed = (progress: BuildProgress) => progress.steps.filter((step) => step.completed).length;
  assert.equal(completed(reportedDuringQuiet), record.steps.filter((step) => step.completed).length, 'the report seen during the silence already has the whole burst');
});
