// Lint speed and memory, Dockscope vs dockerfile-utils (`validate`, the engine of Microsoft's
// Docker extension), on the same generated corpus, in one run:
//   npm run build && node bench/lint.mjs [--edits 10000] [--runs 5] [--no-server]
// 1. CLI: `dockscope lint` on the corpus folder (a fresh process; threads = 2/3 of the cores) vs
//    dockerfile-utils validating the same files in a fresh process, alternating; and dockerfile-ast's
//    parse alone, the floor both share.
// 2. Engine, single-threaded, in-process: cold first pass and warm median, vs dockerfile-utils,
//    with no parse cache (each pass parses every file, as dockerfile-utils does).
// 3. The real language server (dist/server.js over stdio): time from a one-character didChange
//    of the 20 KB file to its publishDiagnostics, completion request to response on the same file
//    (an instruction keyword, a RUN flag), and RSS/heap across many edits.
// With shellcheck on PATH, section 1 also runs the lint with it and prints its cost apart.
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { generateCorpus } from './corpus.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const require = createRequire(join(ROOT, 'package.json'));
const argValue = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const EDITS = argValue('--edits', 10_000);
const RUNS = argValue('--runs', 5);
const SKIP_SERVER = process.argv.includes('--no-server');

const ms = (n) => `${n.toFixed(1)} ms`;
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

function corpusOnDisk() {
  const files = generateCorpus({ count: 320, seed: 1 });
  const dir = join(tmpdir(), `dockscope-bench-corpus-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const file of files) writeFileSync(join(dir, file.name), file.text);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  return { files, dir, bytes };
}

/**
 * CPU seconds (user + system) from /proc/<pid>/stat: `self` = this process, `children` = waited-for
 * children. CPU time is what a loaded machine distorts least; null where there is no /proc.
 */
function cpuSeconds(pid = 'self', which = 'self') {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = which === 'children' ? Number(fields[13]) + Number(fields[14]) : Number(fields[11]) + Number(fields[12]);
    return ticks / 100;
  } catch {
    return null;
  }
}

/** Wall and CPU time of a child process, with its stdout. */
function timed(command, args) {
  const cpuBefore = cpuSeconds('self', 'children');
  const start = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wall = performance.now() - start;
  const cpuAfter = cpuSeconds('self', 'children');
  const cpu = cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) * 1000;
  return { ms: wall, cpu, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The shellcheck `dockscope lint` would find on PATH (a bare-name lookup, as the CLI does), or null. */
function shellcheckOnPath() {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(folder, 'shellcheck');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function cliFigures(corpus, shellcheck) {
  const cli = join(ROOT, 'dist/cli.js');
  // The same job for dockerfile-utils: a fresh Node process that reads and validates every file.
  const reference = `const fs=require('fs'),p=require('path');const {validate}=require(${JSON.stringify(require.resolve('dockerfile-utils'))});` +
    `const d=${JSON.stringify(corpus.dir)};let n=0;for(const f of fs.readdirSync(d))n+=validate(fs.readFileSync(p.join(d,f),'utf8')).length;console.log(n)`;
  // The floor under both: dockerfile-ast's parse alone (both parse with it), in a fresh process.
  const parseOnly = `const fs=require('fs'),p=require('path');const {DockerfileParser}=require(${JSON.stringify(require.resolve('dockerfile-ast'))});` +
    `const d=${JSON.stringify(corpus.dir)};let n=0;for(const f of fs.readdirSync(d))n+=DockerfileParser.parse(fs.readFileSync(p.join(d,f),'utf8')).getInstructions().length;console.log(n)`;
  // With ShellCheck on PATH the lint is measured without it and again with it, so its cost shows
  // on its own line; without it the lint runs as users run it (and finds none).
  const jobs = {
    cli: [cli, 'lint', '--format', 'json', '--fail-level', 'none', ...(shellcheck ? ['--no-shellcheck'] : []), corpus.dir],
    ...(shellcheck ? { cliShellcheck: [cli, 'lint', '--format', 'json', '--fail-level', 'none', '--shellcheck', shellcheck, corpus.dir] } : {}),
    reference: ['-e', reference],
    parseOnly: ['-e', parseOnly],
    nodeStartup: ['-e', '0'],
    cliStartup: [cli, '--version'],
  };
  const wall = Object.fromEntries(Object.keys(jobs).map((name) => [name, []]));
  const cpu = Object.fromEntries(Object.keys(jobs).map((name) => [name, []]));
  let last;
  let lastShellcheck;
  // Alternating, so a load change on the machine hits every job alike.
  for (let i = 0; i < RUNS; i++) {
    for (const [name, args] of Object.entries(jobs)) {
      const run = timed(process.execPath, args);
      wall[name].push(run.ms);
      cpu[name].push(run.cpu);
      if (name === 'cli') last = run;
      if (name === 'cliShellcheck') lastShellcheck = run;
    }
  }
  if (last.status !== 0) throw new Error(`dockscope lint exited ${last.status}: ${last.stderr.slice(0, 500)}`);
  const report = JSON.parse(last.stdout);
  const findings = report.files.reduce((n, f) => n + f.findings.length, 0);
  const figures = { files: report.files.length, findings };
  if (lastShellcheck) {
    if (lastShellcheck.status !== 0) throw new Error(`dockscope lint --shellcheck exited ${lastShellcheck.status}: ${lastShellcheck.stderr.slice(0, 500)}`);
    const withShellcheck = JSON.parse(lastShellcheck.stdout).files.flatMap((f) => f.findings);
    figures.shellcheckFindings = withShellcheck.filter((f) => /^SC\d+$/.test(f.rule)).length;
  }
  for (const name of Object.keys(jobs)) {
    figures[name] = median(wall[name]);
    figures[`${name}Cpu`] = cpu[name][0] === null ? null : median(cpu[name]);
  }
  return figures;
}

/** The service bundled like the server bundles it, so the engine is measured without the LSP. */
async function loadEngine() {
  const outfile = join(tmpdir(), `dockscope-bench-service-${process.pid}.cjs`);
  await esbuild.build({
    entryPoints: [join(ROOT, 'lint/service.ts')], bundle: true, platform: 'node', target: 'node20',
    format: 'cjs', outfile, logLevel: 'error', define: { DOCKSCOPE_VERSION: '"bench"' },
  });
  const service = require(outfile);
  rmSync(outfile, { force: true });
  return service;
}

/**
 * `reuse: false` as in the CLI: every pass parses every file again, as dockerfile-utils does (the
 * language server's caches would otherwise make warm passes mostly cache hits on the same texts).
 */
function engineFigures(service, corpus) {
  const { validate } = require('dockerfile-utils');
  const settings = { enable: true, rules: {}, buildContext: corpus.dir };
  const lintAll = () => {
    let n = 0;
    for (const f of corpus.files) n += service.lintDocument({ uri: pathToFileURL(join(corpus.dir, f.name)).href, text: f.text, settings, reuse: false }).diagnostics.length;
    return n;
  };
  const validateAll = () => {
    let n = 0;
    for (const f of corpus.files) n += validate(f.text).length;
    return n;
  };
  const cpuPasses = { engine: [], reference: [] };
  const pass = (fn, into) => {
    const cpu = process.cpuUsage();
    const start = performance.now();
    fn();
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    into?.push((used.user + used.system) / 1000);
    return wall;
  };
  // Cold passes first (each library's first contact with the input), then alternating warm passes.
  const coldCpu = { engine: [], reference: [] };
  const engineCold = pass(lintAll, coldCpu.engine);
  const referenceCold = pass(validateAll, coldCpu.reference);
  const engineWarm = [];
  const referenceWarm = [];
  for (let i = 0; i < RUNS; i++) {
    engineWarm.push(pass(lintAll, cpuPasses.engine));
    referenceWarm.push(pass(validateAll, cpuPasses.reference));
  }
  const big = corpus.files.find((f) => f.name === 'large-200k.Dockerfile');
  const bigEngine = median(Array.from({ length: 3 }, () => pass(() => service.lintDocument({ uri: 'file:///big/Dockerfile', text: big.text, settings, reuse: false }))));
  const bigReference = median(Array.from({ length: 3 }, () => pass(() => validate(big.text))));
  return {
    engineCold, referenceCold, engineWarm: median(engineWarm), referenceWarm: median(referenceWarm),
    engineWarmCpu: median(cpuPasses.engine), referenceWarmCpu: median(cpuPasses.reference),
    engineColdCpu: coldCpu.engine[0], referenceColdCpu: coldCpu.reference[0],
    bigEngine, bigReference, findings: lintAll(),
  };
}

/** A minimal LSP client over stdio: enough to open, edit and receive diagnostics. */
async function startServer() {
  const { createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification,
    PublishDiagnosticsNotification, ConfigurationRequest } = require('vscode-languageserver-protocol/node');
  const child = spawn(process.execPath, ['--expose-gc', '-r', join(ROOT, 'bench/memory-probe.cjs'), join(ROOT, 'dist/server.js'), '--stdio'],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const memoryWaiters = [];
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    let newline;
    while ((newline = stderr.indexOf('\n')) >= 0) {
      const line = stderr.slice(0, newline);
      stderr = stderr.slice(newline + 1);
      if (line.startsWith('DOCKSCOPE_MEMORY ')) memoryWaiters.shift()?.(JSON.parse(line.slice(17)));
    }
  });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = new Map();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const waiter = waiters.get(params.version);
    if (waiter) { waiters.delete(params.version); waiter(params); }
  });
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => ({ enable: true, rules: {} })));
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid, rootUri: null,
    capabilities: { workspace: { configuration: true }, textDocument: { completion: { completionItem: { snippetSupport: true } } } },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  return {
    connection,
    diagnosticsFor: (version) => new Promise((resolveDiagnostics, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for version ${version} within 30 s`)), 30_000);
      waiters.set(version, (params) => { clearTimeout(timer); resolveDiagnostics(params); });
    }),
    memory: () => new Promise((resolveMemory) => { memoryWaiters.push(resolveMemory); child.kill('SIGUSR2'); }),
    pid: child.pid,
    stop: () => { connection.dispose(); child.kill(); },
  };
}

async function serverFigures(corpus) {
  const { DidOpenTextDocumentNotification, DidChangeTextDocumentNotification } = require('vscode-languageserver-protocol/node');
  const text = corpus.files.find((f) => f.name === 'large-20k.Dockerfile').text;
  const uri = pathToFileURL(join(corpus.dir, 'large-20k.Dockerfile')).href;
  const server = await startServer();
  let version = 1;
  let opened = server.diagnosticsFor(version);
  await server.connection.sendNotification(DidOpenTextDocumentNotification.type,
    { textDocument: { uri, languageId: 'dockerfile', version, text } });
  const openDiagnostics = await opened;
  // A one-character edit in the middle of the file (type a digit into a word, then delete it).
  const lines = text.split('\n');
  const line = Math.floor(lines.length / 2);
  const character = Math.max(0, lines[line].length - 1);
  const edit = (insert) => ({
    range: insert ? { start: { line, character }, end: { line, character } } : { start: { line, character }, end: { line, character: character + 1 } },
    text: insert ? '7' : '',
  });
  const latencies = [];
  const serverCpuBefore = cpuSeconds(server.pid);
  for (let i = 0; i < 200; i++) {
    version++;
    const published = server.diagnosticsFor(version);
    const start = performance.now();
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type,
      { textDocument: { uri, version }, contentChanges: [edit(i % 2 === 0)] });
    await published;
    latencies.push(performance.now() - start);
  }
  const serverCpuAfter = cpuSeconds(server.pid);
  const cpuPerEdit = serverCpuBefore === null || serverCpuAfter === null ? null : ((serverCpuAfter - serverCpuBefore) * 1000) / latencies.length;
  const steady = latencies.slice(20);
  const completion = await completionFigures(server, uri, text, version);
  version = completion.version;
  const samples = [{ edits: 0, ...(await server.memory()) }];
  const BURST = 20;
  for (let done = 0; done < EDITS; done += BURST) {
    let last;
    for (let i = 0; i < BURST; i++) {
      version++;
      if (i === BURST - 1) last = server.diagnosticsFor(version);
      await server.connection.sendNotification(DidChangeTextDocumentNotification.type,
        { textDocument: { uri, version }, contentChanges: [edit((done + i) % 2 === 0)] });
    }
    await last;
    if ((done + BURST) % 2000 === 0) samples.push({ edits: done + BURST, ...(await server.memory()) });
  }
  server.stop();
  return { diagnostics: openDiagnostics.diagnostics.length, median: median(steady), p95: percentile(steady, 0.95), max: Math.max(...steady), cpuPerEdit, samples, completion };
}

/**
 * Completion on the 20 KB file: a new line in its middle typed as `R` (instruction keywords) and
 * as `RUN --` (flags), 100 requests each after a warm-up; the library parses the whole file per request.
 */
async function completionFigures(server, uri, text, version) {
  const { CompletionRequest, DidChangeTextDocumentNotification } = require('vscode-languageserver-protocol/node');
  const line = Math.floor(text.split('\n').length / 2);
  const timings = { keyword: [], flag: [] };
  let cpu = 0;
  for (const [kind, typed] of [['keyword', 'R'], ['flag', 'RUN --']]) {
    version++;
    const published = server.diagnosticsFor(version);
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type,
      { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${typed}\n` }] });
    await published;
    let items = 0;
    let cpuBefore = null;
    for (let i = 0; i < 120; i++) {
      if (i === 20) cpuBefore = cpuSeconds(server.pid);
      const start = performance.now();
      const result = await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line, character: typed.length } });
      if (i >= 20) timings[kind].push(performance.now() - start);
      items = (Array.isArray(result) ? result : result?.items ?? []).length;
    }
    const cpuAfter = cpuSeconds(server.pid);
    cpu = cpu === null || cpuBefore === null || cpuAfter === null ? null : cpu + (cpuAfter - cpuBefore) * 1000;
    if (!items) throw new Error(`no completion items for "${typed}"`);
    version++;
    const restored = server.diagnosticsFor(version);
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type,
      { textDocument: { uri, version }, contentChanges: [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: '' }] });
    await restored;
  }
  const all = [...timings.keyword, ...timings.flag];
  return { version, median: median(all), p95: percentile(all, 0.95), keyword: median(timings.keyword), flag: median(timings.flag), cpuPerRequest: cpu === null ? null : cpu / all.length };
}

async function main() {
  if (!existsSync(join(ROOT, 'dist/cli.js')) || !existsSync(join(ROOT, 'dist/server.js'))) {
    console.error('bench: run `npm run build` first (dist/cli.js and dist/server.js are missing)');
    process.exit(2);
  }
  const corpus = corpusOnDisk();
  const load = (() => { try { return readFileSync('/proc/loadavg', 'utf8').split(' ')[0]; } catch { return '?'; } })();
  console.log(`Load average at start: ${load}`);
  console.log(`Corpus: ${corpus.files.length} generated Dockerfiles, ${(corpus.bytes / 1024).toFixed(0)} KiB ` +
    `(incl. 20 KB and 200 KB files); Node ${process.version}, ${cpus().length} cores\n`);

  const shellcheck = shellcheckOnPath();
  const cli = cliFigures(corpus, shellcheck);
  console.log(`1. CLI on the whole corpus (fresh process each, alternating, median of ${RUNS})`);
  const cpuNote = (value) => (value === null ? '' : `, CPU ${ms(value)}`);
  console.log(`   dockscope lint --format json:              wall ${ms(cli.cli)}${cpuNote(cli.cliCpu)}  (${cli.files} files, ${cli.findings} findings)`);
  console.log(`   dockerfile-utils validate, fresh process:  wall ${ms(cli.reference)}${cpuNote(cli.referenceCpu)}`);
  console.log(`   wall ratio: ${(cli.cli / cli.reference).toFixed(2)}x  (target <= 0.5x)${cli.cliCpu === null ? '' : `; CPU ratio ${(cli.cliCpu / cli.referenceCpu).toFixed(2)}x`}`);
  console.log(`   what limits it: dockerfile-ast's parse alone (both tools parse with it), fresh process: wall ${ms(cli.parseOnly)}${cpuNote(cli.parseOnlyCpu)} = ${(cli.parseOnly / cli.reference).toFixed(2)}x dockerfile-utils`);
  console.log(`   start-up alone: node -e 0 ${ms(cli.nodeStartup)}, dockscope --version ${ms(cli.cliStartup)}`);
  if (shellcheck) {
    const cpuCost = cli.cliShellcheckCpu === null ? '' : `, CPU +${ms(cli.cliShellcheckCpu - cli.cliCpu)} (ShellCheck's process included)`;
    console.log(`   ShellCheck (${shellcheck}), measured apart: the lint above ran with --no-shellcheck; with --shellcheck: wall ${ms(cli.cliShellcheck)}${cpuNote(cli.cliShellcheckCpu)}`);
    console.log(`   ShellCheck's cost: wall +${ms(cli.cliShellcheck - cli.cli)}${cpuCost}; ${cli.shellcheckFindings} ShellCheck findings\n`);
  } else {
    console.log('   ShellCheck: not on PATH, so not measured (the lint above looked for it and ran without it)\n');
  }

  const engine = engineFigures(await loadEngine(), corpus);
  console.log('2. Engine in-process, single thread');
  console.log(`   cold first pass:  dockscope ${ms(engine.engineCold)}  vs dockerfile-utils ${ms(engine.referenceCold)}  (${(engine.engineCold / engine.referenceCold).toFixed(2)}x)`);
  console.log(`   cold CPU time:     dockscope ${ms(engine.engineColdCpu)}  vs dockerfile-utils ${ms(engine.referenceColdCpu)}  (${(engine.engineColdCpu / engine.referenceColdCpu).toFixed(2)}x)`);
  console.log(`   warm (median of ${RUNS}): dockscope ${ms(engine.engineWarm)}  vs dockerfile-utils ${ms(engine.referenceWarm)}  (${(engine.engineWarm / engine.referenceWarm).toFixed(2)}x; target <= 1x)`);
  console.log(`   warm CPU time:     dockscope ${ms(engine.engineWarmCpu)}  vs dockerfile-utils ${ms(engine.referenceWarmCpu)}  (${(engine.engineWarmCpu / engine.referenceWarmCpu).toFixed(2)}x)`);
  console.log(`   200 KB file alone: dockscope ${ms(engine.bigEngine)}  vs dockerfile-utils ${ms(engine.bigReference)}`);
  console.log(`   findings on the corpus: ${engine.findings}\n`);

  if (SKIP_SERVER) return rmSync(corpus.dir, { recursive: true, force: true });
  const server = await serverFigures(corpus);
  console.log(`3. Language server (dist/server.js over stdio), 20 KB file with ${server.diagnostics} diagnostics`);
  console.log(`   one-character didChange -> publishDiagnostics: median ${ms(server.median)}, p95 ${ms(server.p95)}, max ${ms(server.max)}  (target < 10 ms)`);
  if (server.cpuPerEdit !== null) console.log(`   server CPU per edit (lint + protocol): ${ms(server.cpuPerEdit)}`);
  const { completion } = server;
  console.log(`   completion request -> response: median ${ms(completion.median)}, p95 ${ms(completion.p95)}  (keyword ${ms(completion.keyword)}, RUN flag ${ms(completion.flag)}; target < 20 ms)`);
  if (completion.cpuPerRequest !== null) console.log(`   server CPU per completion (parse + items + protocol): ${ms(completion.cpuPerRequest)}`);
  console.log(`   memory after forced GC over ${EDITS} edits:`);
  for (const s of server.samples) console.log(`     ${String(s.edits).padStart(6)} edits: RSS ${mb(s.rss)}, heap used ${mb(s.heapUsed)}`);
  const first = server.samples[1] ?? server.samples[0];
  const last = server.samples.at(-1);
  console.log(`   heap growth from ${first.edits} to ${last.edits} edits: ${mb(last.heapUsed - first.heapUsed)}`);
  rmSync(corpus.dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
