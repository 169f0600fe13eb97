// Property tests of the lint service on thousands of mutated real-looking, grammar-generated and
// random Dockerfiles: it never throws, no rule throws, each lint returns in bounded time, and every
// quick fix applies cleanly (edits inside the document, not overlapping) and re-lints.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { DEFAULT_LINT_SETTINGS, type LintSettings } from '../../../common/settings';
import { memoryContext } from '../../../lint/context/buildContext';
import { runRules } from '../../../lint/engine';
import { RULES } from '../../../lint/rules/catalog';
import { lintDocument } from '../../../lint/service';

/**
 * CPU time, not wall time, so a busy CI machine does not fail the test. A lint of these small
 * files takes about a millisecond; the bound catches hangs and blow-ups.
 */
const MAX_LINT_MS = 1_000;
/** The pathological inputs (tens of KB in one instruction) take ~0.5 s. */
const MAX_PATHOLOGICAL_MS = 8_000;

const SEEDS = [
  `# syntax=docker/dockerfile:1
ARG GO_VERSION=1.22
FROM --platform=$BUILDPLATFORM golang:\${GO_VERSION}-alpine AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
ARG TARGETOS TARGETARCH
RUN --mount=type=cache,target=/go/pkg/mod \\
    --mount=type=cache,target=/root/.cache/go-build \\
    CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -ldflags="-s -w" -o /out/api ./cmd/api

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/api /api
EXPOSE 8080
USER nonroot:nonroot
ENTRYPOINT ["/api"]
`,
  `FROM golang:1.21
MAINTAINER Jane <jane@example.com>
WORKDIR app
COPY . .
RUN go build -o server . && \\
    # a comment inside the continuation
    go test ./...
EXPOSE 8080:80 70000 53/UDP
CMD ./server --port $PORT
`,
  `FROM node:20-alpine AS deps
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
FROM node:20-alpine
ENV NODE_ENV=production NPM_TOKEN=\${NPM_TOKEN}
COPY --from=deps /usr/src/app/node_modules ./node_modules
COPY . .
HEALTHCHECK --interval=30s CMD wget -qO- http://127.0.0.1:3000/ || exit 1
USER node
CMD npm start
`,
  `FROM python:3.12-slim
ENV PYTHONDONTWRITEBYTECODE=1 \\
    PYTHONUNBUFFERED=1
RUN apt-get update && apt-get install -y --no-install-recommends \\
        build-essential libpq-dev \\
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
RUN curl -fsSLk https://example.com/x.sh | sh
COPY . .
CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
`,
  `FROM debian:bookworm-slim AS tools
RUN <<EOF
set -eu
apt-get update
apt-get install -y curl | tee /log
EOF
COPY <<-"CONF" /etc/app/config.yaml
\tlisten: :8080
\tCONF
RUN bash <<'SCRIPT'
curl -fsSL https://example.com | sh
SCRIPT
FROM scratch
COPY --from=tools /usr/bin/curl /curl
USER app
ENTRYPOINT /curl
`,
  '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nSHELL ["powershell", "-Command"]\r\nRUN Write-Host `\r\n    hello\r\nWORKDIR C:\\app\r\nCMD Start-Service w3svc\r\n',
  `ARG BASE
FROM \${BASE} AS a
ONBUILD RUN sudo make install
FROM a
ARG GITHUB_TOKEN
RUN git -c http.sslVerify=false clone https://\${GITHUB_TOKEN}@github.com/x/y.git
COPY --from=missing /x /y
COPY --from=0 /a /b
STOPSIGNAL SIGTERM
VOLUME ["/data"]
ADD https://example.com/file.tar.gz /tmp/
LABEL a=b "c d"=e
`,
];

const SNIPPETS = [
  '\\', '\\\n', '\n', '\r\n', '`', '"', "'", '$', '${', '}', '$(', ')', '[', ']', '["a", "b"]', '|', '||', '&&', ';',
  '#', '# escape=`\n', '# syntax=x\n', '<<EOF\n', '\nEOF\n', '<<-"X"', '--mount=type=cache,target=/x ', '--from=', '--platform=',
  'FROM ', 'FROM scratch\n', 'AS ', 'RUN ', 'CMD ', 'ENTRYPOINT ', 'HEALTHCHECK ', 'HEALTHCHECK NONE', 'USER ', 'ENV ', 'ARG ',
  'EXPOSE ', 'COPY ', 'WORKDIR ', 'SHELL ', 'ONBUILD ', 'go build -o /out/x . ', 'CGO_ENABLED=0 ', 'apt-get install ',
  'apk add ', 'sudo ', 'curl -k ', ' | sh', '=', ':', '\t', ' ', '\u00e9', '\u{1F600}', '\0', 'EOF',
];

const INSTRUCTION_LINES = fc.oneof(
  fc.constantFrom('FROM golang:1.22 AS build', 'FROM scratch', 'FROM gcr.io/distroless/static', 'FROM alpine:3.20', 'FROM build',
    'FROM ${IMG}', 'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS b', 'from debian'),
  fc.constantFrom('RUN go build -o /app .', 'RUN CGO_ENABLED=0 go build ./...', 'RUN apk add git', 'RUN apt-get update',
    'RUN apt-get install curl', 'RUN curl -fsSL x | sh', 'RUN ["go", "build"]', 'RUN <<EOF\necho a | b\nEOF',
    'RUN --mount=type=cache,target=/go/pkg/mod go mod download', 'RUN sudo make \\\n  install', 'run pip install x'),
  fc.constantFrom('CMD /app', 'CMD ["/app"]', 'ENTRYPOINT /app --x', 'ENTRYPOINT ["/app", "-x"]', 'HEALTHCHECK CMD /app -h',
    'COPY --from=build /app /app', 'COPY . .', 'COPY go.mod go.sum ./', 'ADD . /src', 'USER app', 'USER 65532:65532',
    'WORKDIR src', 'WORKDIR /src', 'EXPOSE 8080', 'EXPOSE 80/TCP', 'EXPOSE 1:2', 'ENV A=1 B="2 3"', 'ARG X',
    'ARG TOKEN=abc', 'MAINTAINER me', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'LABEL a=b', 'ONBUILD RUN x'),
  fc.tuple(fc.constantFrom('RUN', 'CMD', 'ENV', 'ARG', 'COPY', 'FROM', 'USER', 'EXPOSE', 'XYZ'), fc.string({ maxLength: 30 }))
    .map(([keyword, rest]) => `${keyword} ${rest}`),
);

type Mutation = { at: number; remove: number; insert: string };
const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 12 }),
  insert: fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 6 }), fc.constant('')),
});

function mutate(seed: string, mutations: Mutation[]): string {
  let text = seed;
  for (const m of mutations) {
    const at = text.length ? m.at % (text.length + 1) : 0;
    text = text.slice(0, at) + m.insert + text.slice(at + m.remove);
  }
  return text;
}

const contextFiles = fc.constantFrom<Record<string, string>>(
  {}, { 'go.mod': 'module example.com/app\n\ngo 1.23.1\ntoolchain go1.23.4\n', 'go.sum': '' },
  { 'go.mod': 'garbage \u0000 go x', '.dockerignore': '.git\n!x\n**/*.log\n' }, { 'package.json': '{}', 'requirements.txt': 'x' },
);

interface Case { text: string; files: Record<string, string>; target?: string }

const mutatedCases: fc.Arbitrary<Case> = fc.record({
  seed: fc.constantFrom(...SEEDS),
  mutations: fc.array(mutation, { minLength: 1, maxLength: 8 }),
  files: contextFiles,
  crlf: fc.boolean(),
}).map(({ seed, mutations, files, crlf }) => {
  const text = mutate(seed, mutations);
  return { text: crlf ? text.replace(/\r?\n/g, '\r\n') : text, files };
});

const grammarCases: fc.Arbitrary<Case> = fc.record({
  lines: fc.array(INSTRUCTION_LINES, { minLength: 1, maxLength: 25 }),
  files: contextFiles,
  target: fc.option(fc.constantFrom('build', 'b', '0', 'nope'), { nil: undefined }),
}).map(({ lines, files, target }) => ({ text: lines.join('\n'), files, target }));

const randomCases: fc.Arbitrary<Case> = fc.record({
  text: fc.oneof(fc.string({ maxLength: 300 }), fc.string({ maxLength: 300, unit: 'binary' }),
    fc.array(fc.constantFrom(...SNIPPETS), { maxLength: 40 }).map((parts) => parts.join(''))),
  files: contextFiles,
}).map(({ text, files }) => ({ text, files }));

const SETTINGS: LintSettings = { ...DEFAULT_LINT_SETTINGS, rules: { 'healthcheck-missing': 'hint' } };

/** Keeps failure messages readable for big inputs. */
function show(text: string): string {
  const json = JSON.stringify(text);
  return json.length > 400 ? `${json.slice(0, 400)}... (${text.length} chars)` : json;
}

function lintOnce(c: Case, maxMs = MAX_LINT_MS): ReturnType<typeof lintDocument> {
  const context = memoryContext(c.files);
  const ruleErrors: string[] = [];
  const started = process.cpuUsage();
  runRules({
    text: c.text, context, settings: SETTINGS, rules: RULES, modelOptions: { target: c.target },
    onRuleError: (id, error) => ruleErrors.push(`${id}: ${error instanceof Error ? error.stack : String(error)}`),
  });
  const result = lintDocument({ uri: 'file:///fuzz/Dockerfile', text: c.text, settings: SETTINGS, context, target: c.target });
  const used = process.cpuUsage(started);
  const elapsed = (used.user + used.system) / 1000;
  assert.deepEqual(ruleErrors, [], `rules threw on:\n${show(c.text)}`);
  assert.ok(elapsed < maxMs, `lint took ${elapsed.toFixed(0)} ms of CPU on:\n${show(c.text)}`);
  return result;
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Edits must address real positions and must not overlap (LSP clients reject such edits). */
function assertApplicable(text: string, edits: readonly TextEdit[], context: string): void {
  const lines = text.split(/\r?\n|\r/);
  const valid = (p: Range['start']) => p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line].length;
  for (const edit of edits) {
    assert.ok(valid(edit.range.start) && valid(edit.range.end), `${context}: edit outside the document ${JSON.stringify(edit.range)}`);
    assert.ok(!before(edit.range.end, edit.range.start), `${context}: reversed range ${JSON.stringify(edit.range)}`);
  }
  const sorted = [...edits].sort((a, b) => (before(a.range.start, b.range.start) ? -1 : before(b.range.start, a.range.start) ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    assert.ok(!before(sorted[i].range.start, sorted[i - 1].range.end), `${context}: overlapping edits ${JSON.stringify(sorted.slice(i - 1, i + 1))}`);
  }
}

function checkCase(c: Case): void {
  const result = lintOnce(c);
  for (const diagnostic of result.diagnostics) {
    assert.ok(diagnostic.range.start.line >= 0 && !before(diagnostic.range.end, diagnostic.range.start), `bad range from ${diagnostic.code}`);
  }
  for (const finding of result.findings) {
    for (const fix of finding.fixes ?? []) {
      const label = `${finding.rule.meta.id} "${fix.title}" on ${show(c.text)}`;
      assertApplicable(c.text, fix.edits, label);
      const fixed = TextDocument.applyEdits(TextDocument.create('file:///fuzz/Dockerfile', 'dockerfile', 0, c.text), fix.edits);
      const files = { ...c.files };
      for (const file of fix.createFiles ?? []) files[file.path] = file.content;
      lintOnce({ ...c, text: fixed, files });
    }
  }
}

test('lint fuzz: mutated real-looking Dockerfiles', () => {
  fc.assert(fc.property(mutatedCases, checkCase), { numRuns: 1000, seed: 20261122 });
});

test('lint fuzz: grammar-generated Dockerfiles', () => {
  fc.assert(fc.property(grammarCases, checkCase), { numRuns: 1000, seed: 3 });
});

test('lint fuzz: random text', () => {
  fc.assert(fc.property(randomCases, checkCase), { numRuns: 800, seed: 7 });
});

test('lint fuzz: pathological sizes stay bounded', () => {
  const long = `FROM alpine\nRUN ${'echo x && \\\n  '.repeat(3000)}true\n`;
  const deep = `FROM alpine\nRUN ${'$('.repeat(500)}x${')'.repeat(500)}\n`;
  const quotes = `FROM alpine\nRUN "${'\\"'.repeat(5000)}\n`;
  for (const text of [long, deep, quotes, '\\\n'.repeat(5000), 'FROM a\n'.repeat(3000)]) lintOnce({ text, files: {} }, MAX_PATHOLOGICAL_MS);
});
