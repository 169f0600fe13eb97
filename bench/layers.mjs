// Image analysis speed and memory, Dockscope vs the raw export, in one run:
//   DOCKER_HOST=unix:///… node bench/layers.mjs [--runs 3] [--rebuild] [--clean]
// 1. Builds (once; cached by tag) an image of ≥ 1 GB and ≥ 100,000 files FROM the busybox test
//    image, with some overwritten and deleted data so the analysis has waste to find.
// 2. Alternating runs of `docker save IMAGE > /dev/null` (the floor: just reading the export)
//    and Dockscope's full file-level analysis in a child process (same bundled engine as the
//    CLI), which reports its own peak RSS. Targets: analysis ≤ 1.5× the export, peak RSS ≤ 200 MB.
// 3. Listing the layers from history + inspect (the tree view's fast path). Target ≤ 100 ms.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const argValue = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const RUNS = argValue('--runs', 3);
const REBUILD = process.argv.includes('--rebuild');
/** Remove the bench image at the end (it is kept by default: building it takes minutes). */
const CLEAN = process.argv.includes('--clean');
const DOCKER_CLI = '/usr/bin/docker';
const BASE = 'dockscope-test/busybox:1';
const TAG = 'dockscope-test/layers-bench:1';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mb = (bytes) => `${(bytes / 1e6).toFixed(0)} MB`;

const DOCKERFILE = `FROM ${BASE}
# 101,000 small files in 101 folders.
RUN set -e; mkdir /many; d=0; while [ $d -le 100 ]; do mkdir /many/d$d; i=0; while [ $i -lt 1000 ]; do echo "$d/$i" > /many/d$d/f$i; i=$((i+1)); done; d=$((d+1)); done
# 1 GB in ten files.
RUN set -e; mkdir /blobs; for i in 0 1 2 3 4 5 6 7 8 9; do head -c 100000000 /dev/zero > /blobs/b$i; done
# Waste: an overwrite, a deletion, a deleted folder.
RUN head -c 50000000 /dev/zero > /blobs/b0 && rm /blobs/b1 && rm -rf /many/d0
`;

// The engine, bundled the way the CLI is, plus a child entry that measures itself.
const work = mkdtempSync(join(tmpdir(), 'dockscope-bench-layers-'));
const engineFile = join(work, 'engine.cjs');
const childFile = join(work, 'analyse.cjs');
const bundle = (contents, outfile) => esbuild.build({
  stdin: { contents, resolveDir: ROOT, loader: 'ts' },
  bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'error',
  external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
});
await bundle(`export { createDockerClient } from './engine/docker/connection';
  export { getImageLayers } from './engine/docker/images';`, engineFile);
await bundle(`import { createDockerClient } from './engine/docker/connection';
  import { analyzeImage } from './engine/analysis/index';
  const started = performance.now();
  analyzeImage(createDockerClient(), process.argv[2], { trees: process.argv[3] === 'trees' }).then((a) => {
    const ms = performance.now() - started;
    process.stdout.write(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, bytesRead: a.bytesRead, files: a.layers.reduce((n, l) => n + l.added + l.modified, 0), wastedBytes: a.wastedBytes, efficiency: a.efficiency }));
  }, (error) => { console.error(error); process.exit(1); });`, childFile);
const engine = createRequire(import.meta.url)(engineFile);
const docker = engine.createDockerClient();
await docker.ping().catch((error) => { console.error(`No Docker daemon: ${error.message}. Set DOCKER_HOST.`); process.exit(1); });
await docker.getImage(BASE).inspect().catch(() => { console.error(`${BASE} is missing; run the Docker test suite once (it creates it).`); process.exit(1); });

const exists = await docker.getImage(TAG).inspect().then(() => true, () => false);
if (!exists || REBUILD) {
  console.log(`building ${TAG} (once; reused by later runs; --rebuild to redo)…`);
  const dockerfile = join(work, 'Dockerfile');
  writeFileSync(dockerfile, DOCKERFILE);
  const started = performance.now();
  const built = spawnSync(DOCKER_CLI, ['build', '--network', 'none', '-t', TAG, '-f', dockerfile, work], { encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '0' } });
  if (built.status !== 0) throw new Error(`docker build failed: ${built.stderr}`);
  console.log(`  built in ${seconds(performance.now() - started)}`);
}
const image = await docker.getImage(TAG).inspect();

function dockerSave() {
  const started = performance.now();
  const devNull = openSync('/dev/null', 'w');
  const result = spawnSync(DOCKER_CLI, ['save', TAG], { stdio: ['ignore', devNull, 'pipe'] });
  if (result.status !== 0) throw new Error(`docker save failed: ${result.stderr}`);
  return performance.now() - started;
}

function analyse(trees) {
  return new Promise((done, fail) => {
    const started = performance.now();
    const child = spawn(process.execPath, [childFile, TAG, trees ? 'trees' : 'no-trees'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.on('close', (code) => (code === 0 ? done({ ...JSON.parse(out), wallMs: performance.now() - started }) : fail(new Error(`analysis exited ${code}`))));
  });
}

const saves = [];
const analyses = [];
for (let run = 0; run < RUNS; run++) {
  saves.push(dockerSave());
  analyses.push(await analyse(run % 2 === 1));
}
const baseline = await new Promise((done) => {
  const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(engineFile)}); process.stdout.write(String(process.resourceUsage().maxRSS))`]);
  let out = '';
  child.stdout.on('data', (chunk) => { out += chunk; });
  child.on('close', () => done(Number(out)));
});

const historyTimes = [];
for (let i = 0; i < 11; i++) {
  const started = performance.now();
  await engine.getImageLayers(docker, TAG);
  historyTimes.push(performance.now() - started);
}
const historyNoBase = [];
for (let i = 0; i < 5; i++) {
  const started = performance.now();
  await engine.getImageLayers(docker, TAG, { findBase: false });
  historyNoBase.push(performance.now() - started);
}

const first = analyses[0];
const saveMs = median(saves);
const oursMs = median(analyses.map((a) => a.ms));
const peakRss = Math.max(...analyses.map((a) => a.maxRssKb)) * 1024;
const line = (label, value, note = '') => console.log(`${label.padEnd(44)}${value.padStart(12)}  ${note}`);
console.log(`\nimage ${TAG}: ${mb(image.Size)} in ${image.RootFS.Layers.length} layers, export ${mb(first.bytesRead)}, ${first.files.toLocaleString('en')} files written`);
console.log(`runs: ${RUNS} (median), machine: ${process.platform} ${process.arch}, node ${process.version}\n`);
line('docker save IMAGE > /dev/null (floor)', seconds(saveMs), saves.map(seconds).join(', '));
line('Dockscope full analysis (streamed)', seconds(oursMs), analyses.map((a) => `${seconds(a.ms)}${a.maxRssKb ? '' : ''}`).join(', '));
line('  ratio (target ≤ 1.5×)', `${(oursMs / saveMs).toFixed(2)}×`, oursMs / saveMs <= 1.5 ? 'OK' : 'OVER');
line('  peak RSS of the analysis (target ≤ 200 MB)', mb(peakRss), `${peakRss <= 200e6 ? 'OK' : 'OVER'}; runs: ${analyses.map((a) => `${mb(a.maxRssKb * 1024)}${a === analyses[1] ? ' (with trees)' : ''}`).join(', ')}; bare node + engine: ${mb(baseline * 1024)}`);
line('  found', `${mb(first.wastedBytes)}`, `wasted, efficiency ${first.efficiency.toFixed(3)}`);
line('history + inspect listing (target ≤ 100 ms)', `${median(historyTimes.slice(1)).toFixed(1)} ms`, `median warm with base-image match; first call ${historyTimes[0].toFixed(1)} ms; without base match ${median(historyNoBase).toFixed(1)} ms`);
rmSync(work, { recursive: true, force: true });
if (CLEAN) await docker.getImage(TAG).remove().then(() => console.log(`removed ${TAG}`));
