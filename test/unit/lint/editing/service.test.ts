// The adapter around the library: one merged hover, no Docker Hub lookups for other registries,
// references without the declaration when asked.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MarkupKind, type MarkupContent } from 'vscode-languageserver-types';
import { buildModel } from '../../../../dockerfile/model';
import { createEditingService, mergeHovers } from '../../../../lint/editing/service';

const md = (value: string) => ({ contents: { kind: MarkupKind.Markdown, value } });

test('merged hover: ours first, then the docs, each once', () => {
  assert.equal((mergeHovers(md('ours'), md('docs'))?.contents as MarkupContent).value, 'ours\n\n---\n\ndocs');
  assert.equal((mergeHovers(md('ours and docs'), md('docs'))?.contents as MarkupContent).value, 'ours and docs');
  assert.equal(mergeHovers(null, md('docs'))?.contents && (mergeHovers(null, md('docs'))!.contents as MarkupContent).value, 'docs');
  assert.equal(mergeHovers(null, null), null);
  assert.equal((mergeHovers(md('ours'), { contents: 'plain docs' })?.contents as MarkupContent).value, 'ours\n\n---\n\nplain docs');
});

test('a tag of a private or non-Hub registry image answers at once, without a lookup', async () => {
  const service = createEditingService({});
  for (const line of ['FROM registry.example.com/team/app:', 'FROM localhost:5000/app:1', 'FROM --platform=$BUILDPLATFORM ghcr.io/acme/tool:']) {
    const started = Date.now();
    assert.deepEqual(await service.completion(buildModel(line), { line: 0, character: line.length }), [], line);
    assert.ok(Date.now() - started < 200, line);
  }
});

test('references with and without the declaration; links skip images of unknown registries', () => {
  const service = createEditingService({});
  const text = 'FROM alpine:3.20 AS base\nFROM base\nFROM gcr.io/distroless/static\n';
  assert.equal(service.references('file:///D', text, { line: 1, character: 6 }, true).length, 2);
  assert.deepEqual(service.references('file:///D', text, { line: 1, character: 6 }, false).map((l) => l.range.start.line), [1]);
  assert.deepEqual(service.links(text).map((link) => link.target), ['https://hub.docker.com/_/alpine/']);
});

test('semantic tokens of a long file, computed piece by piece, are the library\'s for the whole text', async () => {
  const { DockerfileLanguageServiceFactory } = await import('dockerfile-language-service');
  const library = DockerfileLanguageServiceFactory.createLanguageService();
  const lines = [
    'FROM golang:1.22 AS build', 'ARG V=1', 'ENV A=$V B="x ${V} y"', 'RUN apk add git \\', '  # comment in continuation', '    make \\',
    '    "quoted \\', '    string"', '', '# a comment', 'RUN <<EOF', 'echo in heredoc $HOME', 'EOF', 'COPY --from=build /a /b',
    'CMD ["a", \\', '  "b"]', 'HEALTHCHECK CMD curl -f x || exit 1', 'LABEL a=b', 'onbuild run x', 'RUNN typo', 'USER 65532',
  ];
  const service = createEditingService({});
  for (const [seed, escape] of [[1, ''], [7, '# escape=`\n'], [3, '\uFEFF# syntax=docker/dockerfile:1\n']] as const) {
    const body: string[] = [];
    for (let i = 0; i < 900; i++) body.push(lines[(i * seed * 7 + i) % lines.length]);
    const text = escape + (escape.includes('`') ? body.map((line) => line.replace(/\\$/, '`')) : body).join(escape === '' ? '\n' : '\r\n');
    assert.deepEqual(service.semanticTokens(text).data, library.computeSemanticTokens(text).data, JSON.stringify(escape));
  }
});
