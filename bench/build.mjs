// Build overhead, Dockscope vs the Docker CLI, on the same generated context, in one run:
//   DOCKER_HOST=unix:///… node bench/build.mjs [--runs 3] [--files 5000] [--mb 50]
// Both send the context through a BuildKit file-sync session, so the daemon's local-source cache
// (keyed by the session's shared key, i.e. by context folder) decides how much travels:
// - first build: the context folder is renamed before every build, so each build starts with no
//   cached copy and the whole context travels (the slow case);
// - rebuild: the same folder again, unchanged: only the file list travels.
// Every build is `--no-cache` (the COPY and RUN always run), CLI and Dockscope alternating.
// Printed: end-to-end wall medians; the daemon's own "[internal] load build context" time for
// each; and Dockscope's own work: the CPU time of this process during its builds (walking,
// stat, reading, gRPC framing and sending, decoding the trace, the step model), plus the decoding
// and model alone replayed on a recorded trace. Overhead = that work / the CLI's wall time; the
// CLI's own CPU time (GNU time) is printed beside it, since it does the same transfer work.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
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
const GNU_TIME = '/usr/bin/time';
const BASE = 'dockscope-test/busybox:1';
const CLI_TAG = 'dockscope-test/bench-build-cli:1';
const OURS_TAG = 'dockscope-test/bench-build-ours:1';
const DOCKERFILE = `FROM ${BASE}\nCOPY . /ctx\nRUN du -s /ctx && find /ctx -type f | wc -l\n`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n) => `${n.toFixed(0)} ms`;
const list = (xs) => `[${xs.map(ms).join(', ')}]`;
const pct = (part, whole) => `${((part / whole) * 100).toFixed(1)} %`;

// The engine, bundled once so the bench runs the same code as the CLI and the extension.
const work = mkdtempSync(join(tmpdir(), 'dockscope-bench-build-'));
const entry = join(work, 'engine.cjs');
await esbuild.build({
  stdin: {
    contents: `export { runBuild } from './engine/build/runner';
      export { parseBuildLine } from './engine/build/steps/streamParser';
      export { BuildTraceModel } from './engine/build/steps/stepModel';
      export { outlineDockerfile } from './engine/dockerfile/outline';
      export { contextTransferStep } from './engine/build/record';
      export { createDockerClient } from './engine/docker/connection';`,
    resolveDir: ROOT, loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'cjs', outfile: entry, logLevel: 'error',
  external: ['cpu-features', './crypto/build/Release/sshcrypto.node'],
});
const engine = createRequire(import.meta.url)(entry);

// A context of FILES files, MEGABYTES in total, in 50 folders, plus ignored files.
let context = join(work, 'context');
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
writeFileSync(join(context, 'Dockerfile'), DOCKERFILE);

if (!existsSync(GNU_TIME)) { console.error(`${GNU_TIME} (GNU time) is needed to measure the CLI's CPU time.`); process.exit(1); }
const docker = engine.createDockerClient();
await docker.ping().catch((error) => { console.error(`No Docker daemon: ${error.message}. Set DOCKER_HOST.`); process.exit(1); });
await docker.getImage(BASE).inspect().catch(() => { console.error(`${BASE} is missing; run the Docker test suite once (it creates it).`); process.exit(1); });

let folders = 0;
/** A new folder name: a new session shared key, so nothing of this context is cached in the daemon. */
function freshFolder() {
  const next = join(work, `context-${++folders}`);
  renameSync(context, next);
  context = next;
}

/**
 * The CLI's wall time, its CPU time (user + system, from GNU time: the same walking, reading and
 * sending, done in Go) and the daemon's "[internal] load build context" time from its progress.
 */
function cliBuild() {
  const timing = join(work, 'cli-time.txt');
  const started = performance.now();
  const result = spawnSync(GNU_TIME, ['-f', '%U %S', '-o', timing, DOCKER_CLI, 'build', '--progress=plain', '--no-cache', '--network', 'none', '-t', CLI_TAG, context], { encoding: 'utf8', env: { ...process.env, DOCKER_BUILDKIT: '1' } });
  const wall = performance.now() - started;
  if (result.status !== 0) throw new Error(`docker build failed: ${result.stderr || result.error}`);
  const step = /#(\d+) \[internal\] load build context/.exec(result.stderr)?.[1];
  const done = step ? new RegExp(`#${step} DONE ([\\d.]+)s`).exec(result.stderr) : null;
  const [user, system] = readFileSync(timing, 'utf8').trim().split(/\s+/).map(Number);
  return { wall, load: done ? Number(done[1]) * 1000 : NaN, cpu: (user + system) * 1000 };
}

async function oursBuild() {
  const cpu = process.cpuUsage();
  const record = await engine.runBuild(docker, { dockerfile: join(context, 'Dockerfile'), context, tag: OURS_TAG, network: 'none', noCache: true });
  const used = process.cpuUsage(cpu);
  if (record.outcome !== 'succeeded') throw new Error(`Dockscope build failed: ${record.error}`);
  return { record, wall: record.wallMs, load: engine.contextTransferStep(record)?.durationMs ?? NaN, cpu: (used.user + used.system) / 1000 };
}

/** One Dockscope build whose /build response is also copied aside: the raw trace lines. */
async function recordTrace() {
  const original = docker.modem.dial;
  const chunks = [];
  docker.modem.dial = function dial(options, callback) {
    return original.call(this, options, (error, stream) => {
      if (error || !String(options.path).startsWith('/build')) return callback(error, stream);
      const copy = new PassThrough();
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.pipe(copy);
      callback(null, copy);
    });
  };
  try {
    await oursBuild();
  } finally {
    docker.modem.dial = original;
  }
  return Buffer.concat(chunks).toString('utf8').split('\n').filter(Boolean);
}

async function series(fresh) {
  const cli = [];
  const ours = [];
  for (let run = 0; run < RUNS; run++) {
    if (fresh) freshFolder();
    cli.push(cliBuild());
    if (fresh) freshFolder();
    ours.push(await oursBuild());
  }
  return { cli, ours };
}

try {
  cliBuild(); await oursBuild(); // warm the daemon and the page cache for both
  const first = await series(true);
  cliBuild(); await oursBuild(); // this folder is now cached by both
  const rebuild = await series(false);

  // Decoding + model alone: the trace of one more first build, recorded, replayed through
  // parser and model.
  freshFolder();
  const lines = await recordTrace();
  const outline = engine.outlineDockerfile(DOCKERFILE);
  const decodeTimes = [];
  const decodeCpuStart = process.cpuUsage();
  for (let run = 0; run < 10; run++) {
    const started = performance.now();
    const model = new engine.BuildTraceModel(outline);
    for (const line of lines) for (const event of engine.parseBuildLine(line)) if (event.type === 'trace') model.apply(event.status);
    model.snapshot();
    decodeTimes.push(performance.now() - started);
  }
  const decodeUsed = process.cpuUsage(decodeCpuStart);
  const decodeCpu = (decodeUsed.user + decodeUsed.system) / 1000 / decodeTimes.length;

  const sample = first.ours.at(-1).record;
  console.log(`Context: ${FILES} files of ${perFile} B generated (+ 5 MB ignored); Dockscope's first build sent ${sample.contextFiles} files, ${(sample.contextBytes / 1e6).toFixed(1)} MB through the session; a rebuild sent ${rebuild.ours.at(-1).record.contextFiles} files, ${(rebuild.ours.at(-1).record.contextBytes / 1e6).toFixed(2)} MB. Medians of ${RUNS} alternating runs.`);
  for (const [label, set] of [['first build', first], ['rebuild    ', rebuild]]) {
    const cliWall = median(set.cli.map((run) => run.wall));
    const oursWall = median(set.ours.map((run) => run.wall));
    const cpu = median(set.ours.map((run) => run.cpu));
    console.log(`${label}  docker build wall ${ms(cliWall)} ${list(set.cli.map((run) => run.wall))} · Dockscope wall ${ms(oursWall)} ${list(set.ours.map((run) => run.wall))} · gap ${ms(oursWall - cliWall)} = ${pct(oursWall - cliWall, cliWall)}`);
    console.log(`${' '.repeat(label.length)}  daemon's "load build context": CLI ${ms(median(set.cli.map((run) => run.load)))} · Dockscope ${ms(median(set.ours.map((run) => run.load)))} (Dockscope's transfer calls ${ms(median(set.ours.map((run) => run.record.contextPackMs)))})`);
    const cliCpu = median(set.cli.map((run) => run.cpu));
    console.log(`${' '.repeat(label.length)}  CPU: Dockscope's process during the build (walk, stat, read, send, decode, model: all of it) ${ms(cpu)} = ${pct(cpu, cliWall)} of the CLI's wall time (target ≤ 5 %); the CLI process ${ms(cliCpu)}; beyond the CLI's ${ms(cpu - cliCpu)} = ${pct(cpu - cliCpu, cliWall)}`);
  }
  console.log(`Decoding + step model alone (${lines.length} trace lines, replayed): ${median(decodeTimes).toFixed(1)} ms wall, ${decodeCpu.toFixed(1)} ms CPU.`);
  console.log(`Machine: ${cpus().length} cores, load average ${loadavg().map((n) => n.toFixed(1)).join(' ')} at the end.`);
} finally {
  for (const tag of [CLI_TAG, OURS_TAG]) await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
  rmSync(work, { recursive: true, force: true });
}
