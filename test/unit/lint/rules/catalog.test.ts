// The catalog is complete and consistent: every rule has a valid id and meta, a docs page with
// the required sections, a test file with positive, negative and (when fixable) fix tests, and
// the README's rule table is generated from the current catalog.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { RULES } from '../../../../lint/rules/catalog';
import { TABLE_END, TABLE_START, rulesTable } from '../../../../scripts/rules-table';
import { REPO_ROOT } from '../../../helpers/paths';

const ROOT = REPO_ROOT;
const CATEGORIES = ['go', 'stages', 'base-images', 'layers', 'security', 'correctness'];
const SEVERITIES = ['error', 'warning', 'info', 'hint'];
/** Catalog ids from the product spec (shared/rules.md): they are a contract and must all exist. */
const SPEC_IDS = [
  'go-cgo-static-runtime', 'go-sdk-in-final-stage', 'go-mod-cache-order', 'go-builder-version', 'go-build-flags', 'go-cache-mount',
  'go-cross-compile-platform', 'go-install-unpinned', 'go-mod-mutation', 'go-insecure-modules', 'copy-from-unknown-stage',
  'copy-from-missing-artifact', 'entrypoint-missing-binary', 'no-shell-in-runtime', 'json-args-recommended',
  'scratch-missing-ca-certificates', 'scratch-named-user', 'build-tools-in-final-stage', 'stage-unused', 'duplicate-stage-name',
  'base-image-unpinned', 'undefined-arg-in-from', 'apk-no-cache', 'apt-lists-not-cleaned', 'apt-no-install-recommends',
  'apt-missing-yes', 'apt-update-alone', 'pip-no-cache-dir', 'deps-cache-order', 'consecutive-run', 'add-instead-of-copy',
  'dockerignore-missing', 'dockerignore-incomplete', 'user-root', 'secret-in-arg-env', 'sudo', 'pipefail',
  'tls-verification-disabled', 'syntax', 'multiple-cmd-entrypoint', 'workdir-relative', 'expose-invalid',
  'maintainer-deprecated', 'healthcheck-missing',
];

test('every spec rule is in the catalog, once', () => {
  const ids = RULES.map((rule) => rule.meta.id);
  assert.equal(new Set(ids).size, ids.length, 'duplicate ids');
  assert.deepEqual(SPEC_IDS.filter((id) => !ids.includes(id)), []);
});

test('every rule has a valid id and meta', () => {
  for (const { meta } of RULES) {
    assert.match(meta.id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, meta.id);
    assert.ok(CATEGORIES.includes(meta.category), `${meta.id}: category ${meta.category}`);
    assert.ok(SEVERITIES.includes(meta.severity), `${meta.id}: severity ${meta.severity}`);
    assert.ok(meta.description.length >= 20, `${meta.id}: description`);
    for (const alias of meta.aliases) assert.match(alias, /^(DL\d{4}|[A-Z][A-Za-z]+)$/, `${meta.id}: alias ${alias}`);
  }
});

test('every rule has a docs page with the required sections', () => {
  for (const { meta } of RULES) {
    const path = join(ROOT, 'docs', 'rules', `${meta.id}.md`);
    assert.ok(existsSync(path), `missing docs/rules/${meta.id}.md`);
    const page = readFileSync(path, 'utf8');
    assert.match(page, new RegExp(`^# ${meta.id}\\n`), `${meta.id}: title`);
    assert.match(page, /\| Severity \| Category \| Aliases \| Quick fix \|/, `${meta.id}: table`);
    for (const section of ['## Why', '## Bad', '## Good']) assert.ok(page.includes(section), `${meta.id}: ${section}`);
    assert.match(page, /^## (The fix|Fix)$/m, `${meta.id}: fix section`);
    assert.match(page, /```[a-z]*\n/, `${meta.id}: examples`);
    for (const alias of meta.aliases) assert.ok(page.includes(alias), `${meta.id}: docs do not mention alias ${alias}`);
  }
});

test('every rule has positive and negative tests, and fix tests when fixable', () => {
  for (const { meta } of RULES) {
    const path = join(ROOT, 'test', 'unit', 'lint', 'rules', `${meta.id}.test.ts`);
    assert.ok(existsSync(path), `missing test/unit/lint/rules/${meta.id}.test.ts`);
    const source = readFileSync(path, 'utf8');
    assert.ok(source.includes(`'${meta.id}'`), `${meta.id}: the test never names the rule`);
    const positive = /expectLinesInEveryForm\([^;]*\[\s*\w/.test(source) || /(findingsOf|linesOf)\(/.test(source);
    const negative = /expectLinesInEveryForm\([^;]*,\s*\[\]\s*(,|\))/.test(source) || /deepEqual\((findingsOf|linesOf)\([^;]*,\s*\[\]\)/.test(source) || /, \[\]\);/.test(source);
    assert.ok(positive, `${meta.id}: no positive test (expected findings)`);
    assert.ok(negative, `${meta.id}: no negative test (expected no findings)`);
    if (meta.fixable) assert.match(source, /expectFixClears(InEveryForm)?\(/, `${meta.id}: fixable but no fix test`);
    else assert.doesNotMatch(source, /expectFixClears/, `${meta.id}: tests fixes but meta.fixable is false`);
  }
});

test('the README rule table matches the catalog (regenerate: npx tsx scripts/rules-table.ts --write)', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  assert.ok(start >= 0 && end > start, 'README.md has no rules-table markers');
  assert.equal(readme.slice(start + TABLE_START.length, end).trim(), rulesTable().trim());
  for (const { meta } of RULES) assert.ok(readme.includes(`(docs/rules/${meta.id}.md)`), meta.id);
});

test('a rule whose findings do not all have the default severity says which get which, naming the default', () => {
  for (const rule of RULES) {
    const note = rule.meta.severityNote;
    if (note === undefined) continue;
    assert.ok(note.includes(rule.meta.severity), `${rule.meta.id}: the note names its default ${rule.meta.severity}`);
  }
  assert.ok(RULES.some((rule) => rule.meta.id === 'go-cgo-static-runtime' && /warning into Alpine/.test(rule.meta.severityNote ?? '')));
});
