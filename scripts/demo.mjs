// `npm run demo`: what Dockscope does, on the Go service the container-size articles start from.
//  1. lints examples/go-service/Dockerfile with the engine and prints the findings;
//  2. copies the example to a temporary folder and applies the quick fixes there, through the
//     engine (split into builder + runtime stage, cache order, CGO, build flags, .dockerignore);
//  3. builds both Dockerfiles through Dockscope's build engine (BuildKit, no network, no cache)
//     on the Docker daemon, with per-step timings;
//  4. prints the comparison — image size, layers, build time, efficiency — as measured.
// The Go toolchain image and the distroless static runtime image are made offline when absent
// (scripts/go-image.sh, from Debian's packages; nothing is pulled). The two images stay
// on the daemon (dockscope-demo/go-service:single-stage and :fixed) for the Layers view.
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkDaemon, createDockerClient } from '../engine/docker/connection.ts';
import { CLI_WORDS, classifyDockerError } from '../engine/docker/errors.ts';

/** The demo is run from a terminal; its endpoint comes from DOCKER_HOST. */
const DEMO_WORDS = { ...CLI_WORDS, otherEndpoint: 'set DOCKER_HOST', imageGone: 'Run the demo again.' };
import { formatDuration } from '../common/format.ts';
import { applyDemoFixes, lintFile } from './demo/fixes.mjs';
import { buildAndMeasure, comparisonTable, rebuildAfterEdit, stepLines } from './demo/measure.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const example = join(repo, 'examples', 'go-service');
const heading = (text) => console.log(`\n== ${text}`);

function printFindings(dockerfile, base = repo) {
  const { findings } = lintFile(dockerfile);
  if (findings.length === 0) console.log('  (no findings)');
  for (const finding of findings) {
    const where = `${relative(base, dockerfile)}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
    const fixes = finding.fixes?.length ? `  [fix: ${finding.fixes.map((fix) => fix.title).join(' | ')}]` : '';
    console.log(`  ${where}  ${finding.severity.padEnd(7)} ${finding.rule.meta.id}: ${finding.message}${fixes}`);
  }
  return findings;
}

/** Whether the demo's daemon is the private test daemon (DOCKER_HOST was unset or unreachable). */
let startedPrivateDaemon = false;

/** The daemon to build on: DOCKER_HOST when reachable, else the private test daemon. */
function ensureDaemon() {
  const given = process.env.DOCKER_HOST;
  const result = spawnSync('bash', [join(repo, 'scripts', 'docker-test-daemon.sh'), 'start'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new Error('no Docker daemon is reachable and the test daemon did not start');
  process.env.DOCKER_HOST = result.stdout.trim().split('\n').pop();
  startedPrivateDaemon = process.env.DOCKER_HOST !== given;
}

function ensureGoImage() {
  const result = spawnSync('bash', [join(repo, 'scripts', 'go-image.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error('could not make the golang:1.19-bookworm image (scripts/go-image.sh)');
}

async function main() {
  heading('1. Lint examples/go-service/Dockerfile');
  const before = printFindings(join(example, 'Dockerfile'));

  heading('2. Apply the quick fixes to a copy');
  const work = mkdtempSync(join(tmpdir(), 'dockscope-demo-'));
  try {
    const original = join(work, 'single-stage');
    const fixed = join(work, 'fixed');
    cpSync(example, original, { recursive: true });
    cpSync(example, fixed, { recursive: true });
    const applied = applyDemoFixes(join(fixed, 'Dockerfile'));
    if (applied.length === 0) console.log('  (the engine offered no quick fix for these findings)');
    for (const { rule, title } of applied) console.log(`  ${rule}: ${title}`);
    console.log('\n  Fixed Dockerfile:');
    console.log(readFileSync(join(fixed, 'Dockerfile'), 'utf8').replace(/^/gm, '  | ').trimEnd());
    heading('   Findings left after the fixes');
    const after = printFindings(join(fixed, 'Dockerfile'), work);
    console.log(`  ${before.length} findings before, ${after.length} after`);

    heading('3. Build both (BuildKit through the Engine API, --network none): first build with --no-cache (no layer cache, no cache mounts, as on a fresh CI runner), then a rebuild after editing main.go');
    ensureDaemon();
    ensureGoImage();
    const docker = createDockerClient();
    await checkDaemon(docker);
    const builds = [];
    for (const [label, folder] of [['single-stage', original], ['fixed', fixed]]) {
      const request = { dockerfile: join(folder, 'Dockerfile'), context: folder, tag: `dockscope-demo/go-service:${label}` };
      const measured = await buildAndMeasure(docker, request);
      console.log(`  ${label}: ${formatDuration(measured.record.wallMs)}`);
      for (const line of stepLines(measured.record)) console.log(line);
      // A unique edit: the same text as an earlier demo run's would hit that run's layer cache.
      measured.rebuild = await rebuildAfterEdit(docker, request, () => appendFileSync(join(folder, 'main.go'), `\n// edited by the demo at ${new Date().toISOString()}\n`));
      console.log(`  ${label}, rebuilt after editing main.go: ${formatDuration(measured.rebuild.wallMs)}`);
      for (const line of stepLines(measured.rebuild)) console.log(line);
      builds.push(measured);
    }
    const [single, multi] = builds;

    heading('4. Measured comparison');
    console.log(comparisonTable(single, multi).replace(/^/gm, '  '));
    if (multi.record.wallMs > single.record.wallMs) {
      console.log('\n  The first fixed build is the slow one: Go 1.19 ships its standard library precompiled only for the');
      console.log('  default settings, so CGO_ENABLED=0 and -trimpath compile it; --no-cache empties the go-build cache');
      console.log('  mount too, so every demo run pays that once. The rebuild after an edit keeps the mount and is fast.');
    }
    handOver();
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** What to paste to keep using the daemon the demo built on: tests, the editor, stopping it. */
function handOver() {
  const host = process.env.DOCKER_HOST;
  console.log('\n== 5. Keep going');
  console.log(`  Both images stay on the daemon at ${host}: dockscope-demo/go-service:single-stage and :fixed.`);
  if (!startedPrivateDaemon) {
    console.log('  Open the Dockscope Layers view in VS Code to explore them.');
    return;
  }
  console.log('  That is the private test daemon the demo started; it keeps running. Paste this in your shell');
  console.log('  so `npm test` runs the Docker suites and `node dist/cli.js layers` sees the images:\n');
  console.log(`    export DOCKER_HOST=${host}\n`);
  console.log('  For the Layers view, add to VS Code\'s settings.json:\n');
  console.log(`    "dockscope.docker.host": "${host}"\n`);
  console.log('  Stop the daemon when done (its images stay in its state folder for the next start):\n');
  console.log('    bash scripts/docker-test-daemon.sh stop');
}

try {
  await main();
} catch (error) {
  const failure = classifyDockerError(error, { words: DEMO_WORDS });
  console.error(`\ndemo: ${failure.kind === 'unknown' ? (error instanceof Error ? error.message : String(error)) : failure.message}`);
  process.exit(1);
}
