// Where the e2e run's time goes: every phase (an install, the Go image's steps, a suite, a UI
// check) with its start and end, printed at the end of the run so CI logs show the breakdown.
// Background scripts are timed from their log lines: each `<prefix>: ...` line on stderr starts a
// new phase of that script, and the script's exit ends the last one.
import { spawn } from 'node:child_process';

const started = Date.now();
const phases = [];
const running = new Set();

/** Records a phase that began at `start` (ms since the epoch) and ends now. */
export function recordPhase(name, start, end = Date.now()) {
  phases.push({ name, start, end });
}

/** Awaits `body()` as a named phase; recorded whether it succeeds or fails. */
export async function timed(name, body) {
  const start = Date.now();
  try {
    return await body();
  } finally {
    recordPhase(name, start);
  }
}

/**
 * Runs a script in the background and resolves to the last line of its stdout (rejects when it
 * fails). Its stderr passes through. With a `label`, the whole run is a phase, and each of its
 * `${logPrefix}: ` lines starts a phase named `${label}: <line>`.
 */
export function runScript(label, command, args, { cwd, env, logPrefix } = {}) {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    // Its own process group, so stopScripts() ends the script and what it started, by id.
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    let stdout = '';
    let pending = '';
    let open;
    const close = () => { if (open) recordPhase(open.name, open.start); open = undefined; };
    const phaseLine = label && logPrefix ? `${logPrefix}: ` : undefined;
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        if (!phaseLine || !line.startsWith(phaseLine)) continue;
        close();
        open = { name: `${label}: ${line.slice(phaseLine.length)}`, start: Date.now() };
      }
    });
    child.on('error', (error) => { running.delete(child); reject(error); });
    child.on('close', (code, signal) => {
      running.delete(child);
      close();
      if (label) recordPhase(label, start);
      if (code === 0) resolve(stdout.trim().split('\n').pop() ?? '');
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`));
    });
  });
}

/** Ends the background scripts still running (a failed run must not leave installs behind). */
export function stopScripts() {
  for (const child of running) {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
  }
}

const clip = (text, width) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);

/** The breakdown, in start order: seconds since the run began, and each phase's duration. */
export function formatPhases() {
  const s = (ms) => (ms / 1000).toFixed(1).padStart(6);
  const rows = [...phases].sort((a, b) => a.start - b.start || b.end - a.end)
    .map(({ name, start, end }) => `  ${s(start - started)} ${s(end - started)} ${s(end - start)}  ${clip(name, 100)}`);
  return ['  start    end   took  phase (seconds since the run began)', ...rows].join('\n');
}
