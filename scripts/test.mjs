// `npm test`: type-check, build, then the unit, LSP and Docker suites with Node's test runner;
// with CI=true, then the end-to-end suite in a real VS Code workbench (scripts/e2e/run.mjs).
//   node scripts/test.mjs [--only unit|lsp|docker]...
// Test files are TypeScript (`*.test.ts`), run through tsx so they import the sources directly;
// the LSP suite drives the built dist/server.js, which is why the build comes first.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SUITES = ['unit', 'lsp', 'docker'];
const only = process.argv.flatMap((arg, i, all) => (arg === '--only' ? [all[i + 1]] : []));
const suites = only.length ? only : SUITES;
for (const suite of suites) {
  if (!SUITES.includes(suite)) fail(`unknown suite "${suite}" (known: ${SUITES.join(', ')})`);
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
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
run('node', ['--import', 'tsx', '--test', ...concurrency, ...files]);

// In CI the whole `npm test` also proves the packaged extension in a real VS Code workbench.
if (process.env.CI === 'true' && only.length === 0) run('node', ['scripts/e2e/run.mjs']);
