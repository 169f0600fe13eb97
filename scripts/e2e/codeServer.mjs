// Starts and stops code-server (the real VS Code workbench and server) for the e2e run, with
// private data, extension, XDG and temp folders so nothing leaks into the developer's profile.
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Folders of one run: code-server's profile, extensions, and the private XDG/TMPDIR homes. */
export function profileDirs(root) {
  const dirs = {
    data: join(root, 'data'), extensions: join(root, 'extensions'), home: join(root, 'home'),
    tmp: join(root, 'tmp'), logs: join(root, 'logs'),
  };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  // No welcome page, no trust prompt, no telemetry banner: the workbench opens straight on the folder.
  mkdirSync(join(dirs.data, 'User'), { recursive: true });
  writeFileSync(join(dirs.data, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'never',
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'dockscope.logLevel': 'debug',
    // The test daemon runs without a bridge network (and nothing could be downloaded anyway).
    'dockscope.build.network': 'none',
  }, null, 2));
  return dirs;
}

function privateEnv(dirs, extra) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: join(dirs.home, 'config'),
    XDG_DATA_HOME: join(dirs.home, 'data'),
    XDG_CACHE_HOME: join(dirs.home, 'cache'),
    TMPDIR: dirs.tmp,
    ...extra,
  };
}

// `install` below is what install.sh printed last: { node, entry } (Node 24 and code-server's entry.js).

/** `code-server --install-extension <vsix>` into the run's own extensions folder. */
export function installExtension({ install, dirs, vsix }) {
  const result = spawnSync(install.node, [install.entry, '--user-data-dir', dirs.data,
    '--extensions-dir', dirs.extensions, '--install-extension', vsix], { env: privateEnv(dirs), encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`installing ${vsix} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * Starts code-server on a free loopback port and resolves once /healthz answers.
 * `trust: false` leaves Workspace Trust on, so a folder opens in Restricted Mode.
 */
export async function startCodeServer({ install, dirs, env = {}, trust = true, name = 'code-server' }) {
  const port = await freePort();
  const args = [install.entry, '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry',
    '--disable-update-check', '--disable-getting-started-override', '--user-data-dir', dirs.data,
    '--extensions-dir', dirs.extensions, '--vscode-option', 'enable-smoke-test-driver'];
  if (trust) args.push('--disable-workspace-trust');
  const logFile = join(dirs.logs, `${name}-${port}.log`);
  const log = openSync(logFile, 'a');
  // Its own process group, so stop() ends code-server and every process it started, by id.
  const child = spawn(install.node, args, {
    env: privateEnv(dirs, env), stdio: ['ignore', log, log], detached: true,
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const server = {
    port, logFile, pid: child.pid,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    remote: (absolutePath) => `vscode-remote://127.0.0.1:${port}${absolutePath}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try { process.kill(-child.pid, 'SIGTERM'); } catch { return; }
      const timer = setTimeout(() => { try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, 5000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    const state = await Promise.race([exited.then((e) => ({ exited: e })), fetch(server.url('/healthz'))
      .then((response) => ({ ok: response.ok }), () => ({ ok: false }))]);
    if (state.exited) throw new Error(`code-server exited during start (${JSON.stringify(state.exited)}); see ${logFile}`);
    if (state.ok) return server;
    if (Date.now() > deadline) { await server.stop(); throw new Error(`code-server did not answer /healthz; see ${logFile}`); }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
