// Document links through the built server: each FROM image links to its registry page; a stage
// name is not an image, and an image of a registry without a known page gets no link (the library
// would send gcr.io/distroless/static to a Docker Hub page that does not exist).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DocumentLinkRequest } from 'vscode-languageserver-protocol';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

let peer: LspPeer;
before(async () => {
  peer = await startLspPeer({ configuration: { 'dockscope.lint': { enable: true, rules: {} }, 'dockscope.editor': { languageFeatures: true } } });
});
after(async () => { await peer.close(); });

test('FROM images link to Docker Hub, GHCR and MCR pages, resolved at once', async () => {
  const uri = 'file:///tmp/lsp-links/Dockerfile';
  await peer.open(uri, 'FROM golang:1.22 AS build\nFROM build AS test\nFROM ghcr.io/acme/tool:1\nFROM mcr.microsoft.com/dotnet/runtime:8.0\nFROM gcr.io/distroless/static\nFROM bitnami/git:2\n');
  const links = await peer.connection.sendRequest(DocumentLinkRequest.type, { textDocument: { uri } }) ?? [];
  const byLine = Object.fromEntries(links.map((link) => [link.range.start.line, link.target]));
  assert.equal(byLine[0], 'https://hub.docker.com/_/golang/');
  assert.equal(byLine[1], undefined, 'a stage is not an image');
  assert.equal(byLine[2], 'https://github.com/acme/tool/pkgs/container/tool');
  assert.equal(byLine[3], 'https://mcr.microsoft.com/artifact/mar/dotnet/runtime');
  assert.equal(byLine[4], undefined, 'gcr.io has no page the library knows');
  assert.equal(byLine[5], 'https://hub.docker.com/r/bitnami/git/');
  assert.deepEqual(links[0].range, { start: { line: 0, character: 5 }, end: { line: 0, character: 11 } });
});
