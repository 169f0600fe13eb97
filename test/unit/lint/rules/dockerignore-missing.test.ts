import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';
import { DEFAULT_LINT_SETTINGS } from '../../../../common/settings';
import { lintDocument } from '../../../../lint/service';

const goService = [
  'FROM golang:1.23 AS build',
  'WORKDIR /src',
  'COPY go.mod go.sum ./',
  'RUN go mod download',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -o /out/app .',
  'FROM gcr.io/distroless/static-debian12:nonroot',
  'COPY --from=build /out/app /app',
  'ENTRYPOINT ["/app"]',
].join('\n');
const goFiles = { 'go.mod': 'module example.com/app\n\ngo 1.23\n', 'go.sum': '' };

test('dockerignore-missing: flags the whole-context COPY when the context has no .dockerignore', () => {
  expectLinesInEveryForm('dockerignore-missing', goService, [4], { files: goFiles });
  const [finding] = findingsOf('dockerignore-missing', goService, { files: goFiles });
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.range, { start: { line: 4, character: 5 }, end: { line: 4, character: 6 } });
  // The copy is in the builder stage: the files reach the builder, not the shipped image.
  assert.match(finding.message, /sent to the builder and kept in that stage's layers/);
  const single = findingsOf('dockerignore-missing', 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n', { files: goFiles });
  assert.match(single[0].message, /go into the image/);
});

test('dockerignore-missing: the fix creates a .dockerignore suited to a Go project', () => {
  expectFixClearsInEveryForm('dockerignore-missing', goService, { files: goFiles });
  const [fixed] = expectFixClears('dockerignore-missing', goService, { files: goFiles });
  assert.equal(fixed, goService, 'the Dockerfile itself is not edited');
  const [finding] = findingsOf('dockerignore-missing', goService, { files: goFiles });
  assert.deepEqual(finding.fixes?.[0].createFiles, [{
    path: '.dockerignore',
    content: '.git\n.env*\n*.log\nDockerfile*\n.dockerignore\ndocker-compose*\nbin/\ndist/\nvendor/\n',
  }]);
});

test('dockerignore-missing: vendor/ is kept when used, copied paths are never ignored, CRLF files get CRLF', () => {
  const vendored = goService.replace('go build', 'go build -mod=vendor');
  const content = (text: string, files: Record<string, string>) => findingsOf('dockerignore-missing', text, { files })[0].fixes?.[0].createFiles?.[0].content;
  assert.ok(!content(vendored, goFiles)?.includes('vendor/'));
  assert.ok(!content(goService, { ...goFiles, 'vendor/modules.txt': '' })?.includes('vendor/'));
  const copiesEnv = goService.replace('COPY . .', 'COPY .env.defaults ./\nCOPY bin/tool /usr/local/bin/\nCOPY . .');
  const kept = content(copiesEnv, goFiles) ?? '';
  assert.ok(!kept.includes('.env*') && !kept.includes('bin/'), kept);
  expectFixClears('dockerignore-missing', copiesEnv, { files: goFiles });
  const crlf = content(goService.replace(/\n/g, '\r\n'), goFiles) ?? '';
  assert.ok(crlf.startsWith('.git\r\n.env*\r\n'));
});

test('dockerignore-missing: Node and Python projects get their own entries', () => {
  const nodeText = 'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\n';
  const [nodeFinding] = findingsOf('dockerignore-missing', nodeText, { files: { 'package.json': '{}' } });
  const nodeContent = nodeFinding.fixes?.[0].createFiles?.[0].content ?? '';
  assert.match(nodeContent, /^node_modules$/m);
  assert.match(nodeContent, /^npm-debug\.log\*$/m);
  expectFixClears('dockerignore-missing', nodeText, { files: { 'package.json': '{}' } });
  const pyText = 'FROM python:3.12\nADD . /srv\n';
  const [pyFinding] = findingsOf('dockerignore-missing', pyText, { files: { 'requirements.txt': 'flask\n' } });
  assert.match(pyFinding.fixes?.[0].createFiles?.[0].content ?? '', /^__pycache__\/$/m);
});

test('dockerignore-missing: silent with a .dockerignore, without a whole-context copy, or without a context on disk', () => {
  expectLinesInEveryForm('dockerignore-missing', goService, [], { files: { ...goFiles, '.dockerignore': '.git\n' } });
  expectLinesInEveryForm('dockerignore-missing', goService, [], { files: { ...goFiles, 'Dockerfile.dockerignore': '.git\n' } });
  expectLinesInEveryForm('dockerignore-missing', 'FROM alpine:3.20\nCOPY app.sh /\nCOPY --from=build . /x\n', []);
  const unsaved = lintDocument({ uri: 'untitled:Untitled-1', text: goService, settings: DEFAULT_LINT_SETTINGS });
  assert.ok(!unsaved.findings.some((f) => f.rule.meta.id.startsWith('dockerignore-')), 'an unsaved file has no context to judge');
});
