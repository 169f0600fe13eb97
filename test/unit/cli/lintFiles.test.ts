// `dockscope lint` on many files spreads them over worker threads: the report must be exactly the
// one the same engine gives file by file in this thread, in the order the files were found.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { findDockerfiles } from '../../../cli/commands/lint';
import { createLinter } from '../../../cli/lintFiles';
import { toJsonReport } from '../../../lint/report';
import { DIST } from '../../helpers/paths';

const CLI = resolve(DIST, 'cli.js');
const WORKER = resolve(DIST, 'lint-worker.js');

const VARIANTS = [
  'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\nFROM scratch\nCOPY --from=build /out/app /app\nUSER app\nCMD /app\n',
  'FROM alpine:3.20\nRUN apk add curl && curl -k https://x | sh\nEXPOSE 80/TCP 70000\nMAINTAINER me\n',
  'FROM node:20-slim\nARG NPM_TOKEN\nWORKDIR app\nCOPY . .\nRUN npm ci\nCMD npm start\n',
  'FROM python:3.12-slim\nRUN pip install -r requirements.txt\nCMD ["python", "-m", "app"]\n',
];

test('dockscope lint: parallel report equals the sequential one', (t) => {
  if (!existsSync(CLI) || !existsSync(WORKER)) {
    t.skip('dist/ is not built (npm run build)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'dockscope-lint-parallel-'));
  try {
    for (let i = 0; i < 48; i++) {
      const folder = join(dir, `svc${String(i).padStart(2, '0')}`);
      mkdirSync(folder);
      writeFileSync(join(folder, i % 3 === 0 ? 'Dockerfile' : 'api.Dockerfile'), VARIANTS[i % VARIANTS.length] + `# ${i}\n`);
    }
    const run = spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '--fail-level', 'none', dir], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const lintOne = createLinter({});
    const expected = findDockerfiles([dir]).map(lintOne).map((outcome) => ({ path: outcome.path, findings: outcome.findings ?? [] }));
    assert.equal(expected.length, 48);
    assert.deepEqual(JSON.parse(run.stdout), JSON.parse(toJsonReport(expected)));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('dockscope lint: this thread plus workers (forced, whatever the core count) gives the one-thread report', (t) => {
  if (!existsSync(CLI) || !existsSync(WORKER)) {
    t.skip('dist/ is not built (npm run build)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'dockscope-lint-threads-'));
  try {
    for (let i = 0; i < 64; i++) writeFileSync(join(dir, `svc${i}.Dockerfile`), VARIANTS[i % VARIANTS.length] + 'RUN true\n'.repeat(i % 7));
    const lintWith = (threads: string) => spawnSync(process.execPath, [CLI, 'lint', '--format', 'json', '--fail-level', 'none', dir],
      { encoding: 'utf8', env: { ...process.env, DOCKSCOPE_LINT_THREADS: threads } });
    const one = lintWith('1');
    const three = lintWith('3');
    assert.equal(three.status, 0, three.stderr);
    assert.equal(JSON.parse(one.stdout).files.length, 64);
    assert.deepEqual(JSON.parse(three.stdout), JSON.parse(one.stdout));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
