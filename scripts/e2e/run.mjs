// `npm run test:e2e`: Dockscope proven in a real VS Code workbench (code-server + Chromium).
//  1. installs the workbench into a cache outside the repo (install.sh) and, beside it, the Go
//     toolchain image on the test daemon (go-image.sh);
//  2. packages the .vsix and installs it into a fresh extensions folder: the packaged artifact
//     is what runs, not the source tree;
//  3. runs the extension-host mocha suites (test/e2e/suite, compiled to out/e2e/suite) in a
//     trusted workspace, then the `*.untrusted.e2e.js` suites in a Restricted Mode workspace;
//  4. runs the Playwright UI checks (test/e2e/ui/*.ui.mjs), saving screenshots to test-results/e2e;
//  5. prints the measured figures and stops everything it started, on failure too.
// Exit code 0 only when every step passed.
//   node scripts/e2e/run.mjs [--only exthost|ui] [--ui <file name part>] [--readme-images]
// (the filters are for development; --readme-images copies the README's screenshots from this
// run into docs/images)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { installExtension, profileDirs, startCodeServer } from './codeServer.mjs';
import { findActivationTime } from './figures.mjs';
import { launchBrowser, openFile, openWorkbench, runCommand, runExtensionTests, widenSideBar } from './workbench.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = join(repo, 'test-results', 'e2e');
const started = Date.now();
const figures = [];
const results = [];
const cleanups = [];
const option = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const only = option('--only');
const uiFilter = option('--ui');
/** Screenshot of this run → the README image it becomes. */
const README_IMAGES = {
  'quick-fix-menu.png': 'diagnostics-quick-fix.png',
  'go-story-layers.png': 'layers-view.png',
  'go-story-multi-stage-timings.png': 'timings-panel.png',
  'go-story-single-stage-timings.png': 'inline-figures.png',
};

const log = (message) => console.log(`e2e: ${message}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return result.stdout ?? '';
}

/** Runs a script in the background; resolves to its stdout's last line, rejects on failure. */
function runAsync(command, args, env) {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
    let stdout = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0
      ? resolvePromise(stdout.trim().split('\n').pop())
      : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

async function step(name, body) {
  const t0 = Date.now();
  log(`${name}…`);
  const value = await body();
  log(`${name}: done in ${seconds(Date.now() - t0)}`);
  return value;
}

async function cleanUp() {
  while (cleanups.length) {
    try { await cleanups.pop()(); } catch (error) { console.error(`e2e: cleanup: ${error.message}`); }
  }
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => { void cleanUp().finally(() => process.exit(130)); });
}

/** The test daemon: the reachable DOCKER_HOST, or a private daemon this run starts and stops. */
function dockerHost() {
  const owner = `e2e-${process.pid}`;
  const env = { ...process.env, DOCKSCOPE_DOCKER_OWNER: owner };
  const host = run('bash', ['scripts/docker-test-daemon.sh', 'start'], { env }).trim().split('\n').pop();
  cleanups.push(() => { run('bash', ['scripts/docker-test-daemon.sh', 'stop'], { env }); });
  return host;
}

function makeWorkspace(root) {
  const workspace = join(root, 'workspace');
  cpSync(join(repo, 'test', 'e2e', 'fixtures'), workspace, { recursive: true });
  cpSync(join(repo, 'examples', 'go-service'), join(workspace, 'go-service'), { recursive: true });
  return workspace;
}

/** Runs one extension-host pass; records a result per pass and echoes mocha's report. */
async function extensionTests({ browser, server, extensionPath, folder, trust }) {
  const testsPath = join(repo, 'out', 'e2e', 'suite', 'index.js');
  const counts = { passing: 0, failing: 0 };
  const code = await runExtensionTests({
    browser, server, extensionPath, testsPath, folder, timeoutMs: 5 * 60_000,
    logFile: join(artifacts, `workbench-${trust ? 'trusted' : 'restricted'}.log`),
    env: { DOCKSCOPE_E2E_TRUST: trust ? 'trusted' : 'untrusted', DOCKER_HOST: process.env.DOCKER_HOST },
    print: (line) => {
      console.log(`  ${line}`);
      const count = /^\s*(\d+) (passing|failing)/.exec(line);
      if (count) counts[count[2]] = Number(count[1]);
    },
  });
  results.push({ name: `extension host (${trust ? 'trusted' : 'restricted mode'}): ${counts.passing} passing, ${counts.failing} failing`, ok: code === 0 });
  if (code !== 0) log(`extension-host suites ended with ${code}`);
}

async function uiChecks(context) {
  const dir = join(repo, 'test', 'e2e', 'ui');
  const files = existsSync(dir)
    ? readdirSync(dir).filter((f) => f.endsWith('.ui.mjs') && (!uiFilter || f.includes(uiFilter))).sort() : [];
  for (const file of files) {
    const check = await import(pathToFileURL(join(dir, file)).href);
    const t0 = Date.now();
    try {
      await check.default(context);
      results.push({ name: `ui: ${check.name ?? file}`, ok: true, ms: Date.now() - t0 });
    } catch (error) {
      results.push({ name: `ui: ${check.name ?? file}`, ok: false, ms: Date.now() - t0 });
      console.error(`e2e: ui check ${file} failed: ${error.stack ?? error}`);
      for (const page of context.browser.contexts().flatMap((c) => c.pages())) {
        await page.screenshot({ path: join(artifacts, `failure-${file.replace(/\.ui\.mjs$/, '')}.png`) }).catch(() => {});
      }
    }
    for (const page of context.browser.contexts().flatMap((c) => c.pages())) await page.close().catch(() => {});
  }
}

async function main() {
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  process.env.DOCKER_HOST = await step('docker daemon', dockerHost);
  const goImage = runAsync('bash', ['scripts/go-image.sh']);
  goImage.catch(() => {});
  const install = await step('install code-server, Node 24, chromium', () => JSON.parse(run('bash', ['scripts/e2e/install.sh']).trim().split('\n').pop()));
  await step(`go toolchain image`, () => goImage);

  const root = mkdtempSync(join(tmpdir(), 'dockscope-e2e-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const vsix = join(root, 'dockscope.vsix');
  await step('package the .vsix', () => run('npm', ['run', '--silent', 'package', '--', '--out', vsix]));
  figures.push(['.vsix size', `${(statSync(vsix).size / 1024).toFixed(0)} KiB`]);
  await step('compile the extension-host suites', () => run('node', ['test/e2e/build.mjs']));

  const dirs = profileDirs(root);
  await step('install the .vsix into a fresh extensions folder', () => installExtension({ install, dirs, vsix }));
  const installed = readdirSync(dirs.extensions).find((name) => name.startsWith('dockscope.dockscope-'));
  if (!installed) throw new Error(`the .vsix did not install into ${dirs.extensions}`);
  const extensionPath = join(dirs.extensions, installed);
  const workspace = makeWorkspace(root);

  const browser = await launchBrowser(install.chromium);
  cleanups.push(() => browser.close());
  const server = await step('start code-server', () => startCodeServer({ install, dirs, env: { DOCKER_HOST: process.env.DOCKER_HOST } }));
  cleanups.push(() => server.stop());
  log(`code-server on ${server.url()} (log ${server.logFile})`);

  if (only !== 'ui') await step('extension-host suites', () => extensionTests({ browser, server, extensionPath, folder: workspace, trust: true }));
  const untrustedSuites = readdirSync(join(repo, 'out', 'e2e', 'suite')).filter((f) => f.endsWith('.untrusted.e2e.js'));
  if (untrustedSuites.length && only !== 'ui') {
    const restricted = await step('start code-server with Workspace Trust on', () =>
      startCodeServer({ install, dirs, trust: false, name: 'restricted', env: { DOCKER_HOST: process.env.DOCKER_HOST } }));
    cleanups.push(() => restricted.stop());
    await step('extension-host suites in Restricted Mode', () =>
      extensionTests({ browser, server: restricted, extensionPath, folder: makeWorkspace(join(root, 'restricted')), trust: false }));
    await restricted.stop();
  }

  const uiWorkspace = makeWorkspace(join(root, 'ui'));
  if (only !== 'exthost') await step('UI checks', () => uiChecks({
    browser, server, workspace: uiWorkspace, figures, repo, artifacts,
    openWorkbench: () => openWorkbench({ browser, server, folder: uiWorkspace }),
    openFile, runCommand, widenSideBar,
    screenshot: (page, name) => page.screenshot({ path: join(artifacts, `${name}.png`) }),
  }));
  if (process.argv.includes('--readme-images')) {
    mkdirSync(join(repo, 'docs', 'images'), { recursive: true });
    for (const [shot, image] of Object.entries(README_IMAGES)) {
      if (!existsSync(join(artifacts, shot))) throw new Error(`no ${shot} in this run for docs/images/${image}`);
      cpSync(join(artifacts, shot), join(repo, 'docs', 'images', image));
    }
    log('README screenshots copied to docs/images');
  }
  const activation = findActivationTime(join(dirs.data, 'logs'));
  figures.push(['extension activation', activation === undefined ? 'not found in the logs' : `${activation} ms`]);
}

let failure;
try {
  await main();
} catch (error) {
  failure = error;
  console.error(`e2e: ${error.stack ?? error}`);
} finally {
  await cleanUp();
}
figures.push(['e2e total', seconds(Date.now() - started)]);
console.log('\ne2e figures:');
for (const [name, value] of figures) console.log(`  ${name}: ${value}`);
console.log('\ne2e results:');
for (const { name, ok, ms } of results) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${ms ? ` (${seconds(ms)})` : ''}`);
const failed = results.filter((r) => !r.ok).length + (failure ? 1 : 0);
console.log(`e2e: ${results.length - results.filter((r) => !r.ok).length} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
