// A daemon that stops is noticed within seconds and one that comes back is picked up by itself,
// on a real daemon: a private second dockerd (its own state folder, started and stopped by
// scripts/docker-test-daemon.sh), never the shared test daemon.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { DaemonEventWatcher, type Liveness } from '../../client/shell/daemonEvents';
import { Logger } from '../../client/shell/logger';
import { createDockerClient, resolveDockerEndpoint } from '../../engine/docker/connection';
import { classifyDockerError, EDITOR_WORDS } from '../../engine/docker/errors';
import { dockerOrSkip } from '../helpers/docker';
import { REPO_ROOT } from '../helpers/paths';

const run = promisify(execFile);
const SCRIPT = path.join(REPO_ROOT, 'scripts', 'docker-test-daemon.sh');

async function daemon(command: 'start' | 'stop', state: string): Promise<string> {
  // No DOCKER_HOST: the script would otherwise reuse the shared daemon instead of starting one.
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKSCOPE_DOCKER_STATE: state, DOCKSCOPE_DOCKER_OWNER: 'daemon-liveness-test' };
  delete env.DOCKER_HOST;
  const { stdout } = await run('bash', [SCRIPT, command], { env, timeout: 120_000 });
  return stdout.trim().split('\n').pop() ?? '';
}

async function until(what: string, check: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`${what} not within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

test('a private daemon stopped and started again: lost within 5 s with endpoint and reason, back by itself', { timeout: 180_000 }, async (t) => {
  // Docker tests run where a daemon can run; this one needs root to start a second one.
  if (!await dockerOrSkip(t)) return;
  if (process.getuid?.() !== 0) return t.skip('starting a second dockerd needs root');
  const state = mkdtempSync(path.join(tmpdir(), 'dockscope-liveness-'));
  t.after(async () => {
    await daemon('stop', state).catch(() => undefined);
    rmSync(state, { recursive: true, force: true });
  });
  const host = await daemon('start', state);
  assert.match(host, /^unix:\/\//);
  const endpoint = resolveDockerEndpoint({ settingHost: host });
  const docker = createDockerClient(endpoint);
  const states: Liveness[] = [];
  const log = new Logger({ error() {}, warn() {}, info() {}, debug() {}, trace() {} }, () => 'error');
  const watcher = new DaemonEventWatcher(() => ({ imageEvents: () => docker.getEvents({ filters: { type: ['image'] } }), ping: () => docker.ping() }), {
    onImagesChanged() {},
    onLiveness: (liveness) => { states.push(liveness); },
  }, log);
  t.after(() => watcher.dispose());
  watcher.restart();
  await until('listening', () => watcher.isReachable === true, 10_000);

  await daemon('stop', state);
  const noticedMs = await until('the lost daemon noticed', () => watcher.isReachable === false, 5_000);
  const lost = states[states.length - 1] as { reachable: false; error: unknown };
  const failure = classifyDockerError(lost.error, { words: EDITOR_WORDS, endpoint: endpoint.description });
  assert.equal(failure.kind, 'unreachable');
  assert.match(failure.message, new RegExp(`^Cannot reach the Docker daemon at ${host.replace(/[/.]/g, '\\$&')} \\(dockscope\\.docker\\.host setting\\): .*\\((ENOENT|ECONNREFUSED)\\)\\. .*set dockscope\\.docker\\.host`));

  await daemon('start', state);
  const backMs = await until('the daemon picked up again', () => watcher.isReachable === true, 15_000);
  assert.deepEqual(states.map((liveness) => liveness.reachable), [true, false, true]);
  t.diagnostic(`noticed ${noticedMs} ms after the stop returned; back ${backMs} ms after the start returned`);
});
