// What users install: the npm package is the CLI alone (installable with `npm install -g` from a
// packed tarball, offline: its bundles need no dependencies), and the .vsix ships the user-facing
// README with the images and pages it links to. Runs on the built dist/ (npm test builds first).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { REPO_ROOT as REPO } from '../helpers/paths';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'dockscope-pack-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

const npm = (args: string[], cwd = REPO) => spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

test('the npm package holds the CLI bundles and its docs, no sources, tests or source maps', () => {
  const result = npm(['pack', '--dry-run', '--json', '--ignore-scripts']);
  assert.equal(result.status, 0, result.stderr);
  const files: string[] = JSON.parse(result.stdout)[0].files.map((file: { path: string }) => file.path);
  for (const needed of [pkg.bin.dockscope.replace(/^\.\//, ''), 'dist/cli-docker.js', 'dist/lint-worker.js', 'package.json', 'LICENSE', 'docs/rules/README.md']) {
    assert.ok(files.includes(needed), `${needed} is missing from the package`);
  }
  const stray = files.filter((path) => /\.(ts|map)$/.test(path) || /^(test|client|server|lint|engine|common|cli)\//.test(path));
  assert.deepEqual(stray, []);
  assert.deepEqual(Object.keys(pkg.dependencies ?? {}), [], 'the bundles carry their dependencies: nothing to fetch at install');
});

test('npm install -g from the packed tarball gives a working dockscope command, offline', () => {
  const packed = npm(['pack', '--ignore-scripts', '--pack-destination', dir, '--json']);
  assert.equal(packed.status, 0, packed.stderr);
  const tarball = join(dir, JSON.parse(packed.stdout)[0].filename);
  const prefix = join(dir, 'prefix');
  const installed = npm(['install', '-g', '--prefix', prefix, '--offline', '--ignore-scripts', '--no-audit', '--no-fund', tarball], dir);
  assert.equal(installed.status, 0, installed.stderr);
  const bin = join(prefix, 'bin', 'dockscope');
  const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  assert.equal(version.stdout.trim(), pkg.version, version.stderr);
  writeFileSync(join(dir, 'Dockerfile'), 'FROM debian:12\nRUN apt-get update && apt-get install curl\n');
  const lint = spawnSync(bin, ['lint', '--format', 'json', join(dir, 'Dockerfile')], { encoding: 'utf8', cwd: dir });
  assert.equal(lint.status, 1, lint.stderr);
  assert.ok(JSON.parse(lint.stdout).files[0].findings.some((finding: { rule: string }) => finding.rule === 'apt-missing-yes'));
});

test('the .vsix ships the user-facing README, and every image and page it links to', () => {
  const readme = /--readme-path (\S+)/.exec(pkg.scripts.package)?.[1];
  assert.ok(readme, 'the package script names the user-facing README');
  assert.match(pkg.scripts.package, /--no-rewrite-relative-links/, 'links stay inside the package');
  const text = readFileSync(join(REPO, readme), 'utf8');
  assert.doesNotMatch(text, /npm test|bench\/|scripts\//, 'developer material stays in the repository README');
  // `vsce package` (run for real by the e2e) refuses a package.json "files" list next to a
  // .vscodeignore, which `vsce ls` accepts: the npm package's contents come from .npmignore.
  assert.equal(pkg.files, undefined, 'package.json has no "files" list: vsce refuses it next to .vscodeignore');
  const listed = spawnSync('npx', ['vsce', 'ls', '--no-dependencies', '--readme-path', readme], { cwd: REPO, encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  const shipped = new Set(listed.stdout.split('\n').map((line) => line.trim()).filter(Boolean));
  assert.ok(!shipped.has('README.md'), 'the developer README is not shipped');
  const links = [...text.matchAll(/\]\(([^)#\s]+)\)/g)].map((match) => match[1]).filter((link) => !/^[a-z]+:/.test(link));
  assert.ok(links.length >= 3, links.join(', '));
  for (const link of links) {
    assert.ok(existsSync(join(REPO, link)), `${link} does not exist`);
    assert.ok(shipped.has(link), `${link} is not in the .vsix`);
  }
});

test('dockscope.build.network offers Docker\'s network modes and still takes a network\'s name', () => {
  const setting = pkg.contributes.configuration.properties['dockscope.build.network'];
  const [modes, free] = setting.anyOf;
  assert.deepEqual(modes.enum, ['default', 'none', 'host', 'bridge']);
  assert.equal(modes.enumDescriptions.length, modes.enum.length);
  const pattern = new RegExp(free.pattern);
  for (const name of ['my-net', 'build_net.1', 'container:builder']) assert.ok(pattern.test(name), name);
  for (const bad of ['', ' none', 'a b', '--network']) assert.equal(pattern.test(bad), false, bad);
  assert.equal(setting.default, 'default');
});

test('walkthrough steps complete on events VS Code knows (onLanguage is an activation event, not a completion event)', () => {
  const known = /^(onCommand:|onView:|onContext:|onSettingChanged:|extensionInstalled:|onLink:|onStepSelected$)/;
  for (const walkthrough of pkg.contributes.walkthroughs) {
    for (const step of walkthrough.steps) {
      for (const event of step.completionEvents ?? []) assert.match(event, known, `${step.id}: ${event}`);
    }
  }
  const lint = pkg.contributes.walkthroughs[0].steps.find((step: { id: string }) => step.id === 'dockscope.lint');
  assert.deepEqual(lint.completionEvents, ['onContext:editorLangId == dockerfile'], 'step 1 completes once a Dockerfile is in the editor');
});
