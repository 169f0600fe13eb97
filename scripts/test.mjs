// `npm test`: type-check, build, then the unit, LSP and Docker suites with Node's test runner;
// with CI=true, then the end-to-end suite in a real VS Code workbench (scripts/e2e/run.mjs).
//   node scripts/test.mjs [--only unit|lsp|docker]...
// Test files are TypeScript (`*.test.ts`), run through tsx so they import the sources directly;
// the LSP suite drives the built dist/server.js, which is why the build comes first.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const SUITES = ['unit', 'lsp', 'docker'];
const only = process.argv.flatMap((arg, i, all) => (arg === '--only' ? [all[i + 1]] : []));
const suites = only.length ? only : SUITES;
for (const suite of suites) {
  if (!SUITES.includes(suite)) fail(`unknown suite "${suite}" (known: ${SUITES.join(', ')})`);
}

function run(command, args, env = {}, onExit = () => {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  onExit();
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The skipped tests, loudly, after the runner's own summary (where a `# skipped 17` is easy to miss). */
function reportSkips(file) {
  let lines = [];
  try {
    lines = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
  } catch {
    return;
  }
  if (!lines.length) return;
  const byReason = new Map();
  for (const { name, file: testFile, reason } of lines) {
    const key = reason || 'no reason given';
    byReason.set(key, [...(byReason.get(key) ?? []), testFile ? `${relative(process.cwd(), testFile)}: ${name}` : name]);
  }
  const bar = '!'.repeat(78);
  console.error(`\n${bar}\n!! ${lines.length} test${lines.length === 1 ? ' was' : 's were'} SKIPPED — these did not run:`);
  for (const [reason, tests] of byReason) {
    console.error(`!!\n!! ${reason}`);
    for (const test of tests.slice(0, 8)) console.error(`!!   - ${test}`);
    if (tests.length > 8) console.error(`!!   … and ${tests.length - 8} more`);
  }
  console.error(`${bar}\n`);
}

function fail(message) {
  console.error(`test: ${message}`);
  process.exit(2);
}

function testFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.ts') ? [path] : [];
  }).sort();
}

if (!process.env.DOCKSCOPE_SKIP_BUILD) {
  run('npx', ['tsc', '--noEmit', '-p', '.']);
  run('node', ['scripts/build.mjs']);
}

const files = suites.flatMap((suite) => testFiles(join('test', suite)));
if (files.length === 0) fail(`no test files in ${suites.join(', ')}`);
// Docker suites share one daemon; running files one at a time keeps their images from racing.
const concurrency = suites.includes('docker') ? ['--test-concurrency=1'] : [];
const skipDir = mkdtempSync(join(tmpdir(), 'dockscope-test-skips-'));
const skipFile = join(skipDir, 'skipped.jsonl');
const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, 'skipReporter.mjs')}`, `--test-reporter-destination=${skipFile}`];
run('node', ['--import', 'tsx', '--test', ...reporters, ...concurrency, ...files], {}, () => {
  reportSkips(skipFile);
  rmSync(skipDir, { recursive: true, force: true });
});

// In CI the whole `npm test` also proves the packaged extension in a real VS Code workbench.
if (process.env.CI === 'true' && only.length === 0) run('node', ['scripts/e2e/run.mjs']);
