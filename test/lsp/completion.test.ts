// Completion through the built server: instructions (with heredoc forms), flags the library knows
// and the newer ones it lacks, --from= stages, RUN --mount keys and types, variables, directives.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CompletionRequest, CompletionResolveRequest, type CompletionItem, type CompletionList, type MarkupContent } from 'vscode-languageserver-protocol';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

let peer: LspPeer;
before(async () => {
  peer = await startLspPeer({
    configuration: { 'dockscope.lint': { enable: true, rules: {} }, 'dockscope.editor': { languageFeatures: true } },
    textDocument: { completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } } },
  });
});
after(async () => { await peer.close(); });

const BASE = 'ARG GO=1.22\nFROM golang:${GO} AS build\nFROM alpine:3.20 AS runtime\n';
let count = 0;

async function complete(line: string, text = BASE): Promise<CompletionItem[]> {
  const uri = `file:///tmp/lsp-completion/${++count}/Dockerfile`;
  const lines = `${text}${line}`.split('\n');
  await peer.open(uri, `${text}${line}`);
  const result = await peer.connection.sendRequest(CompletionRequest.type, {
    textDocument: { uri }, position: { line: lines.length - 1, character: lines[lines.length - 1].length },
  }) as CompletionItem[] | CompletionList | null;
  return Array.isArray(result) ? result : result?.items ?? [];
}

const labels = (items: CompletionItem[]) => items.map((item) => item.label);

test('instructions at the start of a line, with the heredoc forms', async () => {
  const items = await complete('R');
  assert.ok(labels(items).some((label) => label.startsWith('RUN ')), JSON.stringify(labels(items)));
  assert.ok(labels(items).includes('RUN <<EOF'));
  const all = labels(await complete(''));
  for (const keyword of ['FROM', 'COPY', 'HEALTHCHECK', 'WORKDIR']) assert.ok(all.some((label) => label.startsWith(keyword)), keyword);
});

test('a resolved instruction item carries its documentation', async () => {
  const [item] = (await complete('WORKD')).filter((i) => i.label.startsWith('WORKDIR'));
  const resolved = await peer.connection.sendRequest(CompletionResolveRequest.type, item);
  assert.match((resolved.documentation as MarkupContent).value, /working directory/i);
});

test('COPY flags: the library\'s and the newer ones, a switch without "="', async () => {
  const items = labels(await complete('COPY --'));
  for (const flag of ['--from=', '--chown=']) assert.ok(items.some((label) => label.startsWith(flag)), `${flag} in ${items}`);
  for (const flag of ['--chmod=', '--link', '--parents', '--exclude=']) assert.ok(items.includes(flag), `${flag} in ${items}`);
  assert.ok(!labels(await complete('COPY --link --')).includes('--link'), 'a flag already given is not offered again');
});

test('RUN flags, mount keys, mount types, network values', async () => {
  assert.deepEqual(labels(await complete('RUN --')).sort(), ['--mount=', '--network=', '--security=']);
  assert.deepEqual(labels(await complete('RUN --mount=type=')).sort(), ['bind', 'cache', 'secret', 'ssh', 'tmpfs']);
  const keys = labels(await complete('RUN --mount=type=cache,'));
  assert.ok(keys.includes('target=') && keys.includes('sharing=') && !keys.includes('type='), JSON.stringify(keys));
  assert.deepEqual(labels(await complete('RUN --mount=type=cache,target=/root/.cache,sharing=')), ['shared', 'private', 'locked']);
  assert.deepEqual(labels(await complete('RUN --mount=type=bind,from=')).sort(), ['build', 'runtime']);
  assert.deepEqual(labels(await complete('RUN --network=n')), ['none']);
  assert.deepEqual(labels(await complete('RUN --mount=type=cache,target=/x go build ./... --')), [], 'after the command, no flags');
});

test('--from= offers the stages', async () => {
  const items = labels(await complete('COPY --from='));
  assert.ok(items.includes('build'), JSON.stringify(items));
});

test('variables after $', async () => {
  const items = labels(await complete('RUN echo $', 'ARG VERSION=1\nFROM alpine:3.20\nARG VERSION\n'));
  assert.ok(items.some((label) => label.includes('VERSION')), JSON.stringify(items));
});

test('directives at the top: syntax pointing at docker/dockerfile:1, check= with the BuildKit check names', async () => {
  const top = labels(await complete('# ', ''));
  assert.ok(top.includes('syntax=docker/dockerfile:1'), JSON.stringify(top));
  assert.ok(top.includes('check=skip='));
  assert.ok(!top.some((label) => label.endsWith(':experimental')), 'the outdated experimental frontend is not offered');
  const checks = labels(await complete('# check=skip=JSONArgsRecommended,Undef', '# syntax=docker/dockerfile:1\n'));
  assert.deepEqual(checks, ['UndefinedArgInFrom', 'UndefinedVar']);
  assert.deepEqual(labels(await complete('# check=skip=all;e', '')), ['error=true', 'experimental=']);
  assert.deepEqual(labels(await complete('# check=', 'FROM alpine\n')), [], 'not a directive below an instruction');
});

test('inside a heredoc body nothing is offered', async () => {
  assert.deepEqual(labels(await complete('RUN <<EOF\nset -e\nRU')), []);
});

test('a tag of a private registry image is never looked up on Docker Hub', async () => {
  const started = Date.now();
  assert.deepEqual(labels(await complete('FROM registry.example.com:5000/team/app:')), []);
  assert.ok(Date.now() - started < 1000);
});
