// Build overhead, Dockscope vs the Docker CLI, on the same generated context, in one run:
//   DOCKER_HOST=unix:///… node bench/build.mjs [--runs 3] [--files 5000] [--mb 50]
// 1. The same `--no-cache` build through `/usr/bin/docker build` (DOCKER_BUILDKIT=1) and through
//    Dockscope's engine (POST /build, BuildKit), alternating, median wall times.
// 2. Dockscope's own work: packing the context into a tar (walk, .dockerignore, read; consumed
//    by a null sink) plus decoding the build's BuildKit trace and folding it into steps.
//    Printed as % of the CLI's wall time; the target is ≤ 5 %.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { randomBytes } from 'node:crypto';
import * as esbuild from 'esbuild';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const arg = (name, fallback) => { const i = process.argv.indexOf(name); return i > 0 ? Number(process.argv[i + 1]) : fallback; };
const RUNS = arg('--runs', 3);
const FILES = arg('--files', 5000);
const MEGABYTES = arg('--mb', 50);
const DOCKER_CLI = '/usr/bin/docker';
const BASE = 'dockscope-test/busybox:1';
const CLI_TAG = 'dockscope-test/bench-build-cli:1';
const OURS_TAG = 'dockscope-test/bench-build-ours:1';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n) => `${n.toFixed(0)} ms`;

// The engine, bundled once so the bench runs the same code as the CLI and the extension.
const work = mkdtempSync(join(tmpdir(), 'dockscope-bench-build-'));
const entry = join(work, 'engine.cjs');
await esbuild.build({
  stdin: {
    contents: `export { runBuild } from './server/docker/build/runner';
      export { packContext } from './server/docker/build/contextPacker';
      export { parseBuildLine } from './server/docker/build/streamParser';
      export { BuildTraceModel } from './server/docker/build/stepModel';
      export { outlineDockerfile } from './server/docker/build/dockerfileSteps';
      export { createDockerClient } from './server/docker/connection';`,
    resolveDir: ROOT, loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', outfile: entry, logLevel: 'error',
  external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
});
const engine = createRequire(import.meta.url)(entry);

// A context of FILES files, MEGABYTES in total, in 50 folders, plus ignored files.
const context = join(work, 'context');
const perFile = Math.floor((MEGABYTES * 1_000_000) / FILES);
for (let i = 0; i < FILES; i++) {
  const dir = join(context, `pkg${String(i % 50).padStart(2, '0')}`, `sub${i % 7}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `file${i}.dat`), randomBytes(perFile));
}
mkdirSync(join(context, 'node_modules/x'), { recursive: true });
writeFileSync(join(context, 'node_modules/x/big.bin'), randomBytes(5_000_000));
writeFileSync(join(context, 'debug.log'), 'ignored\n');
writeFileSync(join(context, '.dockerignore'), 'node_modules\n**/*.log\n');
writeFileSync(join(context, 'Dockerfile'), `FROM ${BASE}\nCOPY . /ctx\nRUN du -s /ctx && find /ctx -type f | wc -l\n`);

const docker = engine.createDockerClient();
await docker.ping().catch((error) => { console.error(`No Docker daemon: ${error.message}. Set DOCKER_HOST.`); process.exit(1); });
await docker.getImage(BASE).inspect().catch(() => { console.error(`${BASE} is missing; run the Docker test suite once (it creates it).`); process.exit(1); });

function cliBuild() {
  const started = performance.now();
  const result = spawnSync(DOCKER_CLI, ['build', '--no-cache', '--network', 'none', '-t', CLI_TAG, context], { encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '1' } });
  if (result.status !== 0) throw new Error(`docker build failed: ${result.stderr || result.error}`);
  return performance.now() - started;
}

async function oursBuild() {
  const record = await engine.runBuild(docker, { dockerfile: join(context, 'Dockerfile'), context, tag: OURS_TAG, network: 'none', noCache: true });
  if (record.outcome !== 'succeeded') throw new Error(`Dockscope build failed: ${record.error}`);
  return record;
}

const cliWalls = [];
const ourWalls = [];
let lastRecord;
try {
  cliBuild(); await oursBuild(); // warm the daemon and the page cache for both
  for (let run = 0; run < RUNS; run++) {
    cliWalls.push(cliBuild());
    lastRecord = await oursBuild();
    ourWalls.push(lastRecord.wallMs);
  }

  // Packing alone: the same tar, read as fast as a null sink takes it.
  // Wall time suffers from whatever else the machine runs, so CPU time (user + system of this
  // process, thread pool included) is printed too.
  const packTimes = [];
  const packCpu = [];
  let packed;
  for (let run = 0; run < Math.max(RUNS, 5); run++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const pack = await engine.packContext(context, join(context, 'Dockerfile'));
    await pipeline(pack.stream, new Writable({ write(_chunk, _encoding, callback) { callback(); } }));
    packed = await pack.done;
    const used = process.cpuUsage(cpu);
    packCpu.push((used.user + used.system) / 1000);
    packTimes.push(performance.now() - started);
  }

  // Decoding + model: the raw response of one real build, replayed through parser and model.
  const raw = await new Promise((resolveRaw, reject) => {
    engine.packContext(context, join(context, 'Dockerfile')).then((pack) => {
      docker.modem.dial({ path: '/build?', method: 'POST', file: pack.stream, options: { version: '2', nocache: true, networkmode: 'none', dockerfile: 'Dockerfile' }, isStream: true, statusCodes: { 200: true, 400: 'bad', 500: 'error' } }, (error, stream) => {
        if (error) return reject(error);
        const chunks = [];
        stream.on('data', (chunk) => chunks.push(chunk));
        stream.on('end', () => resolveRaw(Buffer.concat(chunks).toString('utf8')));
        stream.on('error', reject);
      });
    }, reject);
  });
  const lines = raw.split('\n');
  const outline = engine.outlineDockerfile(`FROM ${BASE}\nCOPY . /ctx\nRUN du -s /ctx && find /ctx -type f | wc -l\n`);
  const decodeTimes = [];
  const decodeCpuStart = process.cpuUsage();
  for (let run = 0; run < Math.max(RUNS, 5); run++) {
    const started = performance.now();
    const model = new engine.BuildTraceModel(outline);
    for (const line of lines) for (const event of engine.parseBuildLine(line)) if (event.type === 'trace') model.apply(event.status);
    model.snapshot();
    decodeTimes.push(performance.now() - started);
  }

  const decodeCpuUsed = process.cpuUsage(decodeCpuStart);
  const decodeCpu = (decodeCpuUsed.user + decodeCpuUsed.system) / 1000 / decodeTimes.length;
  const cliWall = median(cliWalls);
  const pack = median(packTimes);
  const decode = median(decodeTimes);
  const overhead = pack + decode;
  console.log(`Context: ${packed.files} files sent, ${(packed.bytes / 1e6).toFixed(1)} MB tar (${FILES} files of ${perFile} B generated + 5 MB ignored); ${lines.length} trace lines; median of ${RUNS} runs.`);
  console.log(`docker build (CLI, BuildKit)   wall ${ms(cliWall)}   [${cliWalls.map(ms).join(', ')}]`);
  console.log(`Dockscope build (engine)       wall ${ms(median(ourWalls))}   [${ourWalls.map(ms).join(', ')}]   steps ${lastRecord.steps.length}, context ${(lastRecord.contextBytes / 1e6).toFixed(1)} MB`);
  const overheadCpu = median(packCpu) + decodeCpu;
  console.log(`Dockscope overhead (wall): packing ${ms(pack)} + decoding/model ${decode.toFixed(1)} ms = ${ms(overhead)} = ${((overhead / cliWall) * 100).toFixed(1)} % of the CLI's wall time (target ≤ 5 %)`);
  console.log(`Dockscope overhead (CPU):  packing ${ms(median(packCpu))} + decoding/model ${decodeCpu.toFixed(1)} ms = ${ms(overheadCpu)} = ${((overheadCpu / cliWall) * 100).toFixed(1)} % of the CLI's wall time`);
  console.log(`Machine: ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} at the end.`);
} finally {
  for (const tag of [CLI_TAG, OURS_TAG]) await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}
