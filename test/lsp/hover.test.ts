// One hover: our findings and stage summary first, then the library's documentation of the
// instruction, flag or directive; each part once, and no docs while the editing features are off.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { HoverRequest, type MarkupContent } from 'vscode-languageserver-protocol';
import { startLspPeer, type LspPeer } from '../helpers/lspPeer';

const uri = 'file:///tmp/lsp-hover/Dockerfile';
const TEXT = '# check=skip=JSONArgsRecommended\nFROM golang:1.22 AS build\nFROM alpine\nRUN --mount=type=cache,target=/root/.cache apk add git\nCOPY --link --from=build /a /a\nUSER 65532\n';
let peer: LspPeer;
before(async () => {
  peer = await startLspPeer({
    configuration: { 'dockscope.lint': { enable: true, rules: {} }, 'dockscope.editor': { languageFeatures: true } },
    textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } },
  });
  await peer.open(uri, TEXT);
});
after(async () => { await peer.close(); });

const hoverAt = async (line: number, character: number) => {
  const result = await peer.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line, character } });
  return (result?.contents as MarkupContent | undefined)?.value ?? '';
};

test('on an instruction with findings: the findings first, then the instruction\'s documentation, once', async () => {
  const text = await hoverAt(3, 1);
  const findings = text.indexOf('apk-no-cache');
  const docs = text.search(/Execute any commands/);
  assert.ok(findings >= 0 && docs > findings, text);
  assert.equal(text.split(/Execute any commands/).length, 2, 'the documentation appears once');
});

test('on a FROM image: the stage summary and the FROM documentation', async () => {
  const text = await hoverAt(2, 7);
  assert.match(text, /Stage `stage 1`/);
  assert.match(text, /base-image-unpinned/);
  assert.match(await hoverAt(2, 1), /base-image-unpinned[\s\S]*---[\s\S]*Set the `baseImage`/);
});

test('flags and directives the library has no docs for get ours', async () => {
  assert.match(await hoverAt(3, 7), /Mounts a filesystem for this command only/);
  assert.match(await hoverAt(4, 8), /layer of its own/);
  assert.match(await hoverAt(4, 14), /previous build stage/i, 'the library\'s own flag docs stay');
  assert.match(await hoverAt(0, 4), /BuildKit's build checks/);
});

test('with the editing features off only our hover is left', async () => {
  peer.configuration['dockscope.editor'] = { languageFeatures: false };
  await peer.changeConfiguration();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const text = await hoverAt(3, 1);
  assert.match(text, /apk-no-cache/);
  assert.doesNotMatch(text, /Execute any commands/);
  assert.equal(await hoverAt(4, 8), '');
  peer.configuration['dockscope.editor'] = { languageFeatures: true };
  await peer.changeConfiguration();
});
