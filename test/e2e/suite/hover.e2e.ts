// The FROM hover, inside the real extension host: facts about an image the test daemon has,
// nothing for one it does not have (and nothing is pulled).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { buildFixtureImage, DATA_BYTES, removeImage } from './dockerFixture';

const TAG = 'dockscope-test/hover-e2e:1';

async function hoverText(content: string, line: number, character: number): Promise<string> {
  const document = await vscode.workspace.openTextDocument({ language: 'dockerfile', content });
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, character));
  return hovers.flatMap((hover) => hover.contents.map((part) => (typeof part === 'string' ? part : part.value))).join('\n');
}

suite('FROM hover', () => {
  suiteSetup(async () => {
    const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON?.name === 'dockscope');
    assert.ok(extension, 'the Dockscope extension is installed');
    await extension.activate();
    await buildFixtureImage(TAG);
  });
  suiteTeardown(() => removeImage(TAG));

  test('a local FROM image shows its size, layer count, creation and digest', async () => {
    const text = await hoverText(`# base\nFROM ${TAG} AS app\nCOPY . .\n`, 1, 8);
    assert.match(text, /Local image/);
    assert.match(text, new RegExp(`\\| Size \\| ${(2 * DATA_BYTES) / 1000} kB \\|`));
    assert.match(text, /\| Layers \| 2 \|/);
    assert.match(text, /\| Created \| \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    // Built locally, never pulled: no registry digest, and the hover says so.
    assert.match(text, /\| Digest \| none \(built or loaded locally, never pulled\) \|/);
  });

  test('on a FROM with one finding: the image facts first, the finding once, without the message the editor shows itself', async () => {
    const text = await hoverText(`FROM ${TAG}\nCOPY a.txt /a\nCMD ["/a"]\n`, 0, 8);
    const facts = text.indexOf('Local image');
    const finding = text.indexOf('[user-root]');
    assert.ok(facts >= 0 && finding > facts, `image facts before the finding:\n${text}`);
    assert.equal(text.split('user-root').length - 1, 2, `the rule once (its link text and its page): ${text}`);
    assert.doesNotMatch(text, /No USER in the final stage/, 'the editor\'s problem hover already shows the message');
    assert.match(text, /Quick fix: Insert USER/);
    assert.match(text, /\*\*Stage `stage 0`\*\* built on/);
    assert.doesNotMatch(text, /Stage #|\(index \d/);
  });

  test('no hover for an image the daemon lacks, for a stage name or off the image', async () => {
    // Other hovers (the language server's) may answer; ours must not.
    assert.doesNotMatch(await hoverText('FROM dockscope-test/absent-image:404\n', 0, 10), /Local image/);
    assert.doesNotMatch(await hoverText(`FROM ${TAG} AS base\nFROM base\n`, 1, 6), /Local image/);
    assert.doesNotMatch(await hoverText(`FROM ${TAG}\n`, 0, 2), /Local image/);
  });
});
