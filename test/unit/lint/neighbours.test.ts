// Findings hidden next to another Dockerfile extension: only what that extension reports itself.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isBuildKitCheck } from '../../../lint/buildkitChecks';
import { RULES } from '../../../lint/rules/catalog';
import { REPO_ROOT } from '../../helpers/paths';
import { buildKitCheckOf, describeHidden, hideNeighbourDuplicates } from '../../../lint/neighbours';
import { lintText } from '../../helpers/lint';

const TEXT = [
  'FROM golang:1.22 AS build',                  // 0
  'MAINTAINER someone',                          // 1 maintainer-deprecated = MaintainerDeprecated
  'ENV API_TOKEN=changeme',                      // 2 secret by name = SecretsUsedInArgOrEnv
  'ENV NOTES=ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', // 3 secret by value: BuildKit has no such check
  'EXPOSE 8080/TCP',                             // 4 ExposeProtoCasing
  'EXPOSE 70000',                                // 5 out of range: ours alone
  'RUN go build -o /app .',                      // 6 Go findings: ours alone
  'CMD /app',                                    // 7 JSONArgsRecommended
  'RUNN x',                                      // 8 syntax
  '',
].join('\n');

const ids = (findings: Array<{ rule: { meta: { id: string } }; range: { start: { line: number } } }>) =>
  findings.map((f) => `${f.rule.meta.id}@${f.range.start.line}`).sort();

test('next to Docker DX the findings of BuildKit checks are hidden, everything else stays', () => {
  const result = lintText(TEXT);
  const { result: visible, hidden } = hideNeighbourDuplicates(result, { duplicates: 'hide', neighbours: ['docker-dx'] });
  assert.deepEqual(hidden.map((h) => `${h.as}@${h.finding.range.start.line}`).sort(),
    ['ExposeProtoCasing@4', 'JSONArgsRecommended@7', 'MaintainerDeprecated@1', 'SecretsUsedInArgOrEnv@2']);
  const kept = ids(visible.findings);
  assert.ok(kept.includes('secret-in-arg-env@3'), 'a secret value under an innocent name is ours alone');
  assert.ok(kept.includes('expose-invalid@5'), 'a port out of range is ours alone');
  assert.ok(kept.includes('syntax@8'), 'Docker DX is not the validator');
  assert.ok(kept.some((id) => id.startsWith('go-')), 'Go findings stay');
  assert.equal(visible.diagnostics.length, visible.findings.length);
  assert.deepEqual(visible.diagnostics.map((d) => `${d.code}@${d.range.start.line}`).sort(), kept);
});

test('next to Container Tools only syntax findings it flags on the same line are hidden', () => {
  const result = lintText(TEXT);
  const { result: visible, hidden } = hideNeighbourDuplicates(result, { duplicates: 'hide', neighbours: ['container-tools'] });
  assert.deepEqual(hidden.map((h) => `${h.finding.rule.meta.id}@${h.finding.range.start.line}`), ['syntax@8']);
  assert.ok(ids(visible.findings).includes('maintainer-deprecated@1'));
});

test('a syntax finding the validator does not flag stays next to Container Tools', () => {
  // BuildKit rejects an unknown RUN flag and mount type; rcjsuen's validator says nothing about them.
  for (const line of ['RUN --mont=type=cache,target=/x true', 'RUN --mount=type=cach,target=/x true', 'RUN --network=bogus true']) {
    const result = lintText(`FROM alpine:3.20\nUSER 65532\n${line}\n`);
    assert.ok(result.findings.some((f) => f.rule.meta.id === 'syntax'), line);
    assert.deepEqual(hideNeighbourDuplicates(result, { duplicates: 'hide', neighbours: ['container-tools'] }).hidden, [], line);
  }
  const flagged = lintText('FROM alpine:3.20\nUSER 65532\nCOPY --chmod a b\n');
  assert.equal(hideNeighbourDuplicates(flagged, { duplicates: 'hide', neighbours: ['docker'] }).hidden[0]?.as, 'syntax');
});

test('show, or no neighbour, hides nothing', () => {
  const result = lintText(TEXT);
  assert.equal(hideNeighbourDuplicates(result, { duplicates: 'show', neighbours: ['docker-dx'] }).result, result);
  assert.equal(hideNeighbourDuplicates(result, { duplicates: 'hide', neighbours: [] }).hidden.length, 0);
});

test('a rule is a BuildKit check only through a real check name', () => {
  const result = lintText('FROM alpine\nUSER 65532\nRUN apk add curl\n');
  for (const finding of result.findings) assert.equal(buildKitCheckOf(finding), null, finding.rule.meta.id);
});

test('the Output line says how many, as what, and how to see them', () => {
  const { hidden } = hideNeighbourDuplicates(lintText(TEXT), { duplicates: 'hide', neighbours: ['docker-dx', 'container-tools'] });
  const lines = describeHidden(hidden);
  assert.equal(lines.length, 2);
  assert.match(lines[0], /^hid 4 findings that Docker DX also reports \(.*MaintainerDeprecated.*\); set dockscope\.lint\.duplicates to "show"/);
  assert.match(lines[1], /^hid 1 finding that Container Tools also reports \(its syntax check\)/);
});

test('the README lists exactly the rules hidden next to Docker DX', () => {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const listed = /<!-- duplicates:docker-dx -->(.*?)<!-- \/duplicates -->/.exec(readme)?.[1].match(/`([a-z-]+)`/g)?.map((id) => id.slice(1, -1));
  const aliasing = RULES.filter((rule) => rule.meta.aliases.some(isBuildKitCheck)).map((rule) => rule.meta.id).sort();
  assert.deepEqual(listed, aliasing);
});
