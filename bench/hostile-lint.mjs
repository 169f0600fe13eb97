// The language server on huge and hostile Dockerfiles (test/helpers/hostileDockerfiles.ts):
//   npm run build && node --import tsx bench/hostile-lint.mjs [--scale 1] [--only name] [--server dist/server.js]
// For each input, a fresh server (dist/server.js over stdio): the input is opened, then at once a
// small Dockerfile; printed are the input's size, the time to the input's diagnostics, the time to
// the small file's (does one huge document hold up the others?), the time to semantic tokens and
// folding ranges of the input (asked for by the editor on open), the server's CPU time and its peak
// RSS (VmHWM). `--server` measures another build (e.g. the one before a change) on the same inputs.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostileInputs } from '../test/helpers/hostileDockerfiles.ts';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const require = createRequire(join(ROOT, 'package.json'));
const {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, InitializeRequest, InitializedNotification, ShutdownRequest,
  ExitNotification, PublishDiagnosticsNotification, ConfigurationRequest, DidOpenTextDocumentNotification, SemanticTokensRequest,
  FoldingRangeRequest,
} = require('vscode-languageserver-protocol/node');

const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const SCALE = Number(option('--scale', '1'));
const ONLY = option('--only', '');
const SERVER = resolve(option('--server', join(ROOT, 'dist/server.js')));
/** An input that takes longer is reported as such and the next one starts. */
const TIMEOUT_MS = Number(option('--timeout', '300')) * 1000;

const SMALL = 'FROM alpine:3.20\nRUN apk add curl\nUSER 65532\n';

/** Peak resident memory (VmHWM) and CPU seconds of a process, from /proc. */
function processFigures(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const peak = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { peak, cpu: (Number(fields[11]) + Number(fields[12])) / 100 };
  } catch {
    return { peak: NaN, cpu: NaN };
  }
}

function withTimeout(promise, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS); }),
  ]);
}

async function measure(input) {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const waiters = new Map();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    waiters.get(params.uri)?.(params);
    waiters.delete(params.uri);
  });
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map(() => null));
  connection.onError(() => {});
  connection.listen();
  const diagnosticsOf = (uri) => new Promise((resolveDiagnostics) => waiters.set(uri, resolveDiagnostics));
  const figures = { name: input.name, bytes: Buffer.byteLength(input.text), lines: input.text.split('\n').length };
  try {
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
    await connection.sendNotification(InitializedNotification.type, {});
    const uri = 'file:///bench-hostile/input/Dockerfile';
    const smallUri = 'file:///bench-hostile/small/Dockerfile';
    const started = performance.now();
    const inputDiagnostics = diagnosticsOf(uri).then((params) => { figures.lintMs = performance.now() - started; figures.diagnostics = params.diagnostics.length; });
    const smallDiagnostics = diagnosticsOf(smallUri).then(() => { figures.smallMs = performance.now() - started; });
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text: input.text } });
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: smallUri, languageId: 'dockerfile', version: 1, text: SMALL } });
    await withTimeout(Promise.all([inputDiagnostics, smallDiagnostics]), 'diagnostics');
    let asked = performance.now();
    await withTimeout(connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } }), 'semantic tokens');
    figures.tokensMs = performance.now() - asked;
    asked = performance.now();
    await withTimeout(connection.sendRequest(FoldingRangeRequest.type, { textDocument: { uri } }), 'folding ranges');
    figures.foldingMs = performance.now() - asked;
  } catch (error) {
    figures.error = error instanceof Error ? error.message : String(error);
  }
  Object.assign(figures, processFigures(child.pid));
  if (figures.error) child.kill();
  else {
    await connection.sendRequest(ShutdownRequest.type).catch(() => {});
    await connection.sendNotification(ExitNotification.type).catch(() => {});
  }
  await new Promise((done) => (child.exitCode !== null ? done() : child.once('exit', done)));
  connection.dispose();
  return figures;
}

const seconds = (ms) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(2)} s`);
const size = (bytes) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(0)} KB`);

console.log(`server: ${SERVER}; scale ${SCALE}`);
console.log(['input'.padEnd(32), 'size'.padStart(8), 'lines'.padStart(8), 'diagnostics'.padStart(11), 'lint'.padStart(9), 'small file'.padStart(10),
  'tokens'.padStart(9), 'folding'.padStart(9), 'cpu'.padStart(8), 'peak RSS'.padStart(9)].join(' '));
for (const input of hostileInputs(SCALE)) {
  if (ONLY && !input.name.includes(ONLY)) continue;
  const f = await measure(input);
  console.log([f.name.padEnd(32), size(f.bytes).padStart(8), String(f.lines).padStart(8), String(f.diagnostics ?? '—').padStart(11),
    seconds(f.lintMs).padStart(9), seconds(f.smallMs).padStart(10), seconds(f.tokensMs).padStart(9), seconds(f.foldingMs).padStart(9),
    `${f.cpu.toFixed(1)} s`.padStart(8), `${(f.peak / 1024 / 1024).toFixed(0)} MB`.padStart(9), f.error ?? ''].join(' '));
}
