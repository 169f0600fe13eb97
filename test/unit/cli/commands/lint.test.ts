// `dockscope lint` through the built CLI: discovery, formats, exit codes, --context, --config.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { RULES } from '../../../../lint/rules/catalog';
import { DIST } from '../../../helpers/paths';

const CLI = resolve(DIST, 'cli.js');
let dir: string;
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, 'lint', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dockscope-lint-cli-'));
  mkdirSync(join(dir, 'svc', 'node_modules', 'x'), { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), 'FROM alpine:3.20\nRUN apk add git\nUSER 65532\n');
  writeFileSync(join(dir, 'svc', 'api.Dockerfile'), 'FROM alpine:3.20\nUSER 65532\nRUNN x\n');
  writeFileSync(join(dir, 'svc', 'Dockerfile.dev'), 'FROM alpine:3.20\nUSER 65532\n');
  writeFileSync(join(dir, 'svc', 'node_modules', 'x', 'Dockerfile'), 'RUNN never linted\n');
  writeFileSync(join(dir, 'svc', 'notes.txt'), 'RUNN not a Dockerfile\n');
  writeFileSync(join(dir, 'svc', 'Dockerfile.template'), 'FROM {{ .Base }}\nRUNN {{ .Step }}\n');
  writeFileSync(join(dir, 'svc', 'Dockerfile.j2'), 'FROM {{ base }}\n');
  writeFileSync(join(dir, 'quiet.yaml'), 'rules:\n  apk-no-cache: off\n');
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('--format json prints exactly the documented shape, paths as given or found', () => {
  const result = run('--format', 'json', 'Dockerfile');
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(Object.keys(report), ['version', 'files']);
  assert.equal(report.version, 1);
  assert.equal(report.files[0].path, 'Dockerfile');
  const finding = report.files[0].findings.find((f: { rule: string }) => f.rule === 'apk-no-cache');
  assert.deepEqual(Object.keys(finding), ['rule', 'severity', 'message', 'line', 'column', 'endLine', 'endColumn', 'fixable']);
  assert.deepEqual([finding.severity, finding.line, finding.column, finding.endLine, finding.endColumn, finding.fixable], ['warning', 2, 9, 2, 12, true]);
});

test('folders are searched for Dockerfile, *.Dockerfile and Dockerfile.*, skipping node_modules and templates', () => {
  const result = run('--format', 'json', '.');
  const paths = JSON.parse(result.stdout).files.map((f: { path: string }) => f.path).sort();
  assert.deepEqual(paths, ['Dockerfile', join('svc', 'Dockerfile.dev'), join('svc', 'api.Dockerfile')].sort());
  // Named on the command line, a template is linted like any file.
  assert.equal(JSON.parse(run('--format', 'json', 'svc/Dockerfile.template').stdout).files.length, 1);
});

test('exit codes: 1 at the fail level, 0 below it or with none, 2 on usage errors', () => {
  assert.equal(run('svc/api.Dockerfile').status, 1);
  assert.equal(run('--fail-level', 'none', 'svc/api.Dockerfile').status, 0);
  assert.equal(run('Dockerfile').status, 0, 'warnings only, default fail level error');
  assert.equal(run('--fail-level', 'warning', 'Dockerfile').status, 1);
  assert.equal(run('missing/Dockerfile').status, 2);
  assert.equal(run('--format', 'xml', 'Dockerfile').status, 2);
  assert.equal(run('--fail-level', 'loud', 'Dockerfile').status, 2);
  assert.equal(run('--context', 'nope', 'Dockerfile').status, 2);
});

test('the fail level: hadolint\'s --failure-threshold, and failLevel / failure-threshold from each file\'s project config', () => {
  // Dockerfile has warnings only (apk-no-cache); the default level is error.
  assert.equal(run('--failure-threshold', 'warning', 'Dockerfile').status, 1);
  assert.equal(run('--failure-threshold', 'style', 'Dockerfile').status, 1);
  assert.equal(run('--failure-threshold', 'ignore', 'svc/api.Dockerfile').status, 0);
  assert.equal(run('--failure-threshold', 'loud', 'Dockerfile').status, 2);
  assert.equal(run('--failure-threshold', 'warning', '--fail-level', 'error', 'Dockerfile').status, 2, 'the two flags disagree');
  mkdirSync(join(dir, 'strict'), { recursive: true });
  writeFileSync(join(dir, 'strict', 'Dockerfile'), 'FROM alpine:3.20\nRUN apk add git\nUSER 65532\n');
  writeFileSync(join(dir, 'strict', '.hadolint.yaml'), 'failure-threshold: warning\n');
  assert.equal(run('strict/Dockerfile').status, 1, 'the config\'s threshold');
  assert.equal(run('Dockerfile').status, 0, 'a file without that config keeps the default');
  assert.equal(run('--fail-level', 'error', 'strict/Dockerfile').status, 0, 'the flag wins over the config');
  writeFileSync(join(dir, 'strict', '.dockscope.yaml'), 'failLevel: none\n');
  assert.equal(run('strict/Dockerfile').status, 0);
});

test('text output: one line per finding with path:line:col, then a summary', () => {
  const result = run('svc/api.Dockerfile');
  assert.match(result.stdout, /^svc\/api\.Dockerfile:3:1 error Unknown instruction RUNN.*\[syntax\] \(fixable\)$/m);
  assert.match(result.stdout, /1 finding in 1 file \(1 error\)/);
  assert.doesNotMatch(result.stdout, /\x1b\[/, 'no colours when not a TTY');
});

test('--config applies a project config file', () => {
  const result = run('--format', 'json', '--config', 'quiet.yaml', 'Dockerfile');
  assert.ok(!JSON.parse(result.stdout).files[0].findings.some((f: { rule: string }) => f.rule === 'apk-no-cache'));
});

test('--context points rules at another build context', () => {
  mkdirSync(join(dir, 'ctx'), { recursive: true });
  writeFileSync(join(dir, 'ctx', 'go.mod'), 'module example.com/x\ngo 1.23\n');
  writeFileSync(join(dir, 'go.Dockerfile'), 'FROM golang:1.21 AS build\nFROM scratch\nCOPY --from=build /x /x\n');
  const rulesWith = (...args: string[]) => JSON.parse(run('--format', 'json', ...args, 'go.Dockerfile').stdout).files[0].findings.map((f: { rule: string }) => f.rule);
  assert.ok(!rulesWith().includes('go-builder-version'));
  assert.ok(rulesWith('--context', 'ctx').includes('go-builder-version'));
});

test('--format sarif is SARIF 2.1.0 with rule metadata, help URIs and results', () => {
  const sarif = JSON.parse(run('--format', 'sarif', '.').stdout);
  assert.equal(sarif.version, '2.1.0');
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  const [sarifRun] = sarif.runs;
  assert.equal(sarifRun.tool.driver.name, 'dockscope');
  assert.equal(sarifRun.tool.driver.rules.length, RULES.length);
  for (const rule of sarifRun.tool.driver.rules) {
    assert.match(rule.helpUri, new RegExp(`/docs/rules/${rule.id}\\.md$`));
    assert.ok(rule.shortDescription.text.length > 10);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
  }
  const result = sarifRun.results.find((r: { ruleId: string }) => r.ruleId === 'syntax');
  assert.equal(sarifRun.tool.driver.rules[result.ruleIndex].id, 'syntax');
  assert.equal(result.level, 'error');
  assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'svc/api.Dockerfile', uriBaseId: '%SRCROOT%' });
  assert.deepEqual(result.locations[0].physicalLocation.region, { startLine: 3, startColumn: 1, endLine: 3, endColumn: 5 });
});

test('--fix-dry-run prints a diff and exits 1 when it would change something; --fix writes and exits on what is left', () => {
  writeFileSync(join(dir, 'fixme.Dockerfile'), 'FROM debian:12\nRUN apt-get update && apt-get install curl\n');
  const dry = run('--fix-dry-run', 'fixme.Dockerfile');
  assert.equal(dry.status, 1, dry.stderr);
  assert.match(dry.stdout, /^\+RUN apt-get update && apt-get install -y /m);
  assert.match(dry.stderr, /would fix fixme\.Dockerfile: apt-missing-yes/);
  const fixed = run('--fix', '--format', 'json', 'fixme.Dockerfile');
  assert.equal(fixed.status, 0, fixed.stderr);
  assert.match(fixed.stderr, /fixed fixme\.Dockerfile: apt-missing-yes/);
  const left = JSON.parse(fixed.stdout).files[0].findings.map((f: { rule: string }) => f.rule);
  assert.ok(!left.includes('apt-missing-yes'), left.join(', '));
  const again = run('--fix-dry-run', 'fixme.Dockerfile');
  assert.equal(again.status, 0, again.stdout);
  assert.equal(again.stdout, '');
});

test('--fix-dry-run with --format json, or with --fix, is a usage error', () => {
  for (const args of [['--fix-dry-run', '--format', 'json'], ['--fix', '--fix-dry-run']]) {
    const result = run(...args, 'Dockerfile');
    assert.equal(result.status, 2, args.join(' '));
    assert.match(result.stderr, /--fix/);
  }
});

test('terminal control sequences in a Dockerfile never reach the terminal raw', () => {
  writeFileSync(join(dir, 'hostile.Dockerfile'), 'FROM evil\x1b]0;pwned\x07image\nUSER 1\n');
  const result = run('hostile.Dockerfile');
  assert.ok(result.stdout.length > 0);
  assert.doesNotMatch(result.stdout + result.stderr, /[\x1b\x07]/);
  assert.match(result.stdout, /\\x1b/);
});
