// dockscope.lint.duplicates through the built server: with Docker DX named as active by the client,
// findings of BuildKit checks are not published (the Output channel says how many and why) while the
// Go findings stay; `show`, or no neighbour, publishes everything.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { LogMessageNotification, type Diagnostic } from 'vscode-languageserver-protocol';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

let peer: LspPeer;
const logs: string[] = [];
before(async () => {
  peer = await startLspPeer({ configuration: { 'dockscope.lint': { enable: true, rules: {}, duplicates: 'hide', neighbours: ['docker-dx'] } } });
  peer.connection.onNotification(LogMessageNotification.type, (params) => { logs.push(params.message); });
});
after(async () => { await peer.close(); });

const TEXT = 'FROM golang:1.22 AS build\nMAINTAINER me\nRUN go build -o /app .\nFROM alpine:3.20\nCOPY --from=build /app /app\nUSER 65532\nCMD /app\n';
const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => String(d.code));

test('next to Docker DX: BuildKit-check findings hidden, Go findings kept, the Output channel told', async () => {
  const published = await peer.open('file:///tmp/lsp-duplicates/a/Dockerfile', TEXT);
  const shown = codes(published.diagnostics);
  assert.ok(!shown.includes('maintainer-deprecated') && !shown.includes('json-args-recommended'), shown.join());
  assert.ok(shown.some((code) => code.startsWith('go-')), shown.join());
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.ok(logs.some((line) => /Dockerfile: hid 2 findings that Docker DX also reports \(.*MaintainerDeprecated.*\)/.test(line)), logs.join('\n'));
});

test('show: everything is published', async () => {
  peer.configuration['dockscope.lint'] = { enable: true, rules: {}, duplicates: 'show', neighbours: ['docker-dx'] };
  const published = await peer.open('file:///tmp/lsp-duplicates/b/Dockerfile', TEXT);
  assert.ok(codes(published.diagnostics).includes('maintainer-deprecated'));
  assert.ok(codes(published.diagnostics).includes('json-args-recommended'));
});
