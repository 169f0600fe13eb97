// `dockscope build` (the bundled dist/cli.js) against the real daemon: the table, the --json
// JSON shape (version 1), and exit 1 on a failed build.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { test } from 'node:test';
import { dockerOrSkip, ensureBusyboxImage, BUSYBOX_IMAGE } from '../helpers/docker';
import { tempContext } from '../helpers/buildContext';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

function run(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

test('dockscope build --json prints the version-1 shape; the table lists every step; a failed build exits 1', async (t) => {
  const docker = await dockerOrSkip(t);
  if (!docker) return;
  await ensureBusyboxImage(docker);
  const tag = 'dockscope-test/build-cli:1';
  t.after(() => docker.getImage(tag).remove({ force: true }).catch(() => undefined));
  const context = tempContext({
    'docker/app.Dockerfile': `FROM ${BUSYBOX_IMAGE} AS builder\nARG GREETING\nRUN echo "$GREETING ${randomUUID()}" > /greeting\n\nFROM builder AS final\nCOPY hello.txt /hello.txt\n`,
    'hello.txt': 'hello\n',
  });
  t.after(context.cleanup);
  const dockerfile = path.join(context.dir, 'docker/app.Dockerfile');

  const json = await run(['build', context.dir, '-f', dockerfile, '-t', tag, '--target', 'final', '--build-arg', 'GREETING=hi', '--network', 'none', '--json']);
  assert.equal(json.status, 0, json.stderr);
  const record = JSON.parse(json.stdout);
  assert.deepEqual(Object.keys(record), ['version', 'image', 'wallMs', 'accumulatedMs', 'cacheHits', 'totalSteps', 'contextBytes', 'steps']);
  assert.equal(record.version, 1);
  assert.equal(record.image, (await docker.getImage(tag).inspect()).Id);
  for (const step of record.steps) {
    assert.deepEqual(Object.keys(step), ['name', 'stage', 'instruction', 'line', 'startedMs', 'durationMs', 'cached', 'internal', 'error', 'reason']);
    assert.ok(Number.isInteger(step.durationMs) && step.durationMs >= 0);
    if (step.internal) assert.equal(step.line, null);
  }
  const lines = record.steps.filter((step: { internal: boolean }) => !step.internal).map((step: { line: number; stage: string; instruction: string }) => [step.stage, step.instruction, step.line]);
  assert.deepEqual(lines, [['builder', 'FROM', 1], ['builder', 'RUN', 3], ['final', 'COPY', 6]]);
  assert.equal(record.totalSteps, 3);

  const table = await run(['build', context.dir, '-f', dockerfile, '-t', tag, '--target', 'final', '--build-arg', 'GREETING=hi', '--network', 'none']);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /^STAGE\s+INSTRUCTION\s+LINE\s+DURATION\s+CACHED\s+STEP$/m);
  assert.match(table.stdout, /^final\s+COPY\s+6\s+\d+ ms\s+cached\s+COPY hello.txt \/hello.txt$/m);
  // BuildKit rarely marks an image source (FROM) cached, so a full rebuild from cache shows 2/3.
  assert.match(table.stdout, /cache [23]\/3 \((67|100) %\)/);

  const broken = tempContext({ Dockerfile: `FROM ${BUSYBOX_IMAGE}\nRUN exit 4\n` });
  t.after(broken.cleanup);
  const failed = await run(['build', broken.dir, '--network', 'none', '--no-cache']);
  assert.equal(failed.status, 1);
  assert.match(failed.stdout, /^failed: \[2\/2\] RUN exit 4 \(line 2\)$/m);
  assert.match(failed.stderr, /exit code: 4/);
});
