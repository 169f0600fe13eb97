// `npm run test:e2e`: Dockscope proven in a real VS Code workbench (code-server + Chromium).
//  1. installs the workbench into a cache outside the repo (install.sh: apt and npm side by side)
//     and, beside it, the Go toolchain image on the test daemon (go-image.sh), while it packages;
//  2. packages the .vsix and installs it into a fresh extensions folder: the packaged artifact
//     is what runs, not the source tree;
//  3. runs the extension-host mocha suites (test/e2e/suite, compiled to out/e2e/suite) in a
//     trusted workspace, then the `*.untrusted.e2e.js` suites in a Restricted Mode workspace, then
//     the `*.neighbour.e2e.js` suites in a profile that also has a Docker DX stand-in (neighbours.mjs);
//  4. runs the Playwright UI checks (test/e2e/ui/*.ui.mjs) in one workbench window (uiChecks.mjs),
//     saving screenshots to test-results/e2e;
//  5. prints the measured figures and where the time went (phases.mjs), and stops everything it
//     started, on failure too.
// Exit code 0 only when every step passed.
//   node scripts/e2e/run.mjs [--only exthost|ui] [--suite <file name parts>] [--ui <file name parts>] [--readme-images]
// (the filters, comma-separated parts of file names, are for development; --readme-images copies
// the README's screenshots from this run into docs/images)
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installExtension, profileDirs, startCodeServer } from './codeServer.mjs';
import { findActivationTime } from './figures.mjs';
import { besideDockerDx } from './neighbours.mjs';
import { formatPhases, runScript, stopScripts, timed } from './phases.mjs';
import { runUiChecks } from './uiChecks.mjs';
import { launchBrowser, runExtensionTests } from './workbench.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const artifacts = join(repo, 'test-results', 'e2e');
const started = Date.now();
const figures = [];
const results = [];
const cleanups = [];
const option = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const only = option('--only');
const uiFilter = option('--ui');
const suiteFilter = option('--suite');
/** Screenshot of this run → the README image it becomes. */
const README_IMAGES = {
  'quick-fix-menu.png': 'diagnostics-quick-fix.png',
  'go-story-layers.png': 'layers-view.png',
  'go-story-multi-stage-timings.png': 'timings-panel.png',
  'go-story-single-stage-timings.png': 'inline-figures.png',
  'editing-completion.png': 'editor-completion.png',
  'editing-hover-docs.png': 'editor-hover-docs.png',
};

const log = (message) => console.log(`e2e: ${message}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return result.stdout ?? '';
}

async function step(name, body) {
  const t0 = Date.now();
  log(`${name}…`);
  const value = await timed(name, body);
  log(`${name}: done in ${seconds(Date.now() - t0)}`);
  return value;
}

async function cleanUp() {
  stopScripts();
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
  // Each Go fixture is a module of the example's service: its main.go is copied in, not kept
  // in the repo once per fixture.
  for (const fixture of readdirSync(workspace)) {
    if (existsSync(join(workspace, fixture, 'go.mod')) && !existsSync(join(workspace, fixture, 'main.go'))) {
      cpSync(join(repo, 'examples', 'go-service', 'main.go'), join(workspace, fixture, 'main.go'));
    }
  }
  return workspace;
}

const PASS_NAMES = { trusted: 'trusted', untrusted: 'restricted mode', neighbour: 'next to the Docker DX stand-in' };

/** Whether a pass has suites to run (index.ts picks a pass's files the same way). */
function hasSuites(pass) {
  return readdirSync(join(repo, 'out', 'e2e', 'suite')).some((f) => f.endsWith('.e2e.js')
    && (/\.(untrusted|neighbour)\.e2e\.js$/.exec(f)?.[1] ?? 'trusted') === pass && (!suiteFilter || suiteFilter.split(',').some((part) => f.includes(part))));
}

/** Runs one extension-host pass; records a result per pass and echoes mocha's report. */
async function extensionTests({ browser, server, extensionPath, folder, trust, pass = trust ? 'trusted' : 'untrusted' }) {
  const testsPath = join(repo, 'out', 'e2e', 'suite', 'index.js');
  const counts = { passing: 0, failing: 0 };
  const code = await runExtensionTests({
    browser, server, extensionPath, testsPath, folder, timeoutMs: 5 * 60_000,
    logFile: join(artifacts, `workbench-${trust ? pass : 'restricted'}.log`),
    env: {
      DOCKSCOPE_E2E_TRUST: trust ? 'trusted' : 'untrusted', DOCKSCOPE_E2E_PASS: pass, DOCKER_HOST: process.env.DOCKER_HOST,
      ...(suiteFilter ? { DOCKSCOPE_E2E_SUITES: suiteFilter } : {}),
    },
    print: (line) => {
      console.log(`  ${line}`);
      const count = /^\s*(\d+) (passing|failing)/.exec(line);
      if (count) counts[count[2]] = Number(count[1]);
    },
  });
  results.push({ name: `extension host (${PASS_NAMES[pass]}): ${counts.passing} passing, ${counts.failing} failing`, ok: code === 0 });
  if (code !== 0) log(`extension-host suites ended with ${code}`);
}

async function main() {
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  process.env.DOCKER_HOST = await step('docker daemon', dockerHost);
  // The installs run side by side: apt (debootstrap first, so the Go image can start, then
  // chromium; one apt at a time), npm (Node 24, then code-server) and the Go image (debootstrap
  // into its own root, then docker import). Only the UI checks that build wait for the Go image.
  const script = (label, path, args, logPrefix) => runScript(label, 'bash', [path, ...args], { cwd: repo, logPrefix });
  const debootstrap = script('apt debootstrap', 'scripts/e2e/install.sh', ['debs', 'debootstrap'], 'e2e-install');
  const goImage = debootstrap.then(() => script('go toolchain image', 'scripts/go-image.sh', [], 'go-image'));
  const chromium = debootstrap.then(() => script('apt chromium', 'scripts/e2e/install.sh', ['debs', 'chromium'], 'e2e-install'));
  const workbench = script('Node 24 + code-server', 'scripts/e2e/install.sh', ['workbench'], 'e2e-install');
  for (const promise of [goImage, chromium, workbench]) promise.catch(() => {});

  const root = mkdtempSync(join(tmpdir(), 'dockscope-e2e-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const vsix = join(root, 'dockscope.vsix');
  await step('package the .vsix', () => runScript(null, 'npm', ['run', '--silent', 'package', '--', '--out', vsix], { cwd: repo }));
  figures.push(['.vsix size', `${(statSync(vsix).size / 1024).toFixed(0)} KiB`]);
  await step('compile the extension-host suites', () => runScript(null, 'node', ['test/e2e/build.mjs'], { cwd: repo }));

  const install = await step('install code-server and Node 24', async () => JSON.parse(await workbench));
  await step('install chromium', () => chromium);
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

  if (only !== 'ui' && hasSuites('trusted')) await step('extension-host suites', () => extensionTests({ browser, server, extensionPath, folder: workspace, trust: true }));
  if (only !== 'ui' && hasSuites('untrusted')) {
    const restricted = await step('start code-server with Workspace Trust on', () =>
      startCodeServer({ install, dirs, trust: false, name: 'restricted', env: { DOCKER_HOST: process.env.DOCKER_HOST } }));
    cleanups.push(() => restricted.stop());
    await step('extension-host suites in Restricted Mode', () =>
      extensionTests({ browser, server: restricted, extensionPath, folder: makeWorkspace(join(root, 'restricted')), trust: false }));
    await restricted.stop();
  }
  if (only !== 'ui' && hasSuites('neighbour')) {
    const beside = await step('install Dockscope and the Docker DX stand-in into another profile', () => besideDockerDx({ repo, root, install, vsix }));
    const neighbourServer = await step('start code-server with the Docker DX stand-in', () =>
      startCodeServer({ install, dirs: beside.dirs, name: 'beside-docker-dx', env: { DOCKER_HOST: process.env.DOCKER_HOST } }));
    cleanups.push(() => neighbourServer.stop());
    await step('extension-host suites next to the Docker DX stand-in', () => extensionTests({
      browser, server: neighbourServer, extensionPath: beside.extensionPath, folder: makeWorkspace(join(root, 'beside-docker-dx')), trust: true, pass: 'neighbour',
    }));
    await neighbourServer.stop();
  }

  const uiWorkspace = makeWorkspace(join(root, 'ui'));
  if (only !== 'exthost') await step('UI checks', () => runUiChecks({
    browser, server, workspace: uiWorkspace, figures, repo, artifacts, results, filter: uiFilter, goImage,
  }));
  await step('go toolchain image', () => goImage);
  if (process.argv.includes('--readme-images')) {
    mkdirSync(join(repo, 'docs', 'images'), { recursive: true });
    for (const [shot, image] of Object.entries(README_IMAGES)) {
      if (!existsSync(join(artifacts, shot))) {
        if (only || uiFilter) continue; // a filtered run updates the images it made
        throw new Error(`no ${shot} in this run for docs/images/${image}`);
      }
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
console.log('\ne2e phases:');
console.log(formatPhases());
console.log('\ne2e results:');
for (const { name, ok, ms } of results) console.log(`  ${ok ? 'ok  ' : 'FAIL'} ${name}${ms ? ` (${seconds(ms)})` : ''}`);
const failed = results.filter((r) => !r.ok).length + (failure ? 1 : 0);
console.log(`e2e: ${results.length - results.filter((r) => !r.ok).length} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
