// Next to Docker DX, in the real extension host: the workbench of this pass also has the stand-in
// of test/e2e/fixtures/docker-dx-stand-in (Docker DX's extension id, its diagnostics' source), so
// Dockscope finds it the way it finds Docker DX (client/lsp/neighbours.ts). The findings Docker DX
// reports too are hidden and the others stay; the editing features are off under `auto`.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateDockscope, completionLabels, dockerfile, eventually, hoverText } from './editorRequests';
import { codeOf, fixtureUri, waitForDiagnostics } from './wait';

const DOCKER_DX_SOURCE = 'docker-language-server';
const isDockerDx = (diagnostic: vscode.Diagnostic) => diagnostic.source === DOCKER_DX_SOURCE;
const dockerDxCode = (diagnostic: vscode.Diagnostic) => (typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code));

suite('next to Docker DX (stand-in)', () => {
  suiteSetup(async () => {
    assert.ok(vscode.extensions.getExtension('docker.docker'), 'the Docker DX stand-in is installed');
    await activateDockscope();
  });

  test('a finding Docker DX reports too is hidden, the Go findings stay; "show" brings it back', async () => {
    const uri = fixtureUri('next-to-docker-dx', 'Dockerfile');
    const config = vscode.workspace.getConfiguration('dockscope.lint', uri);
    const linted = waitForDiagnostics(uri, (all) => all.some(isDockerDx) && all.some((d) => codeOf(d) === 'go-sdk-in-final-stage'));
    await vscode.window.showTextDocument(uri);
    const all = await linted;
    // The shell-form CMD on line 5: once, from Docker DX, as BuildKit's JSONArgsRecommended.
    assert.deepEqual(all.filter(isDockerDx).map((d) => [dockerDxCode(d), d.range.start.line]), [['JSONArgsRecommended', 4]]);
    const ours = all.map(codeOf).filter(Boolean);
    assert.ok(!ours.includes('json-args-recommended'), `ours: ${ours.join(', ')}`);
    for (const rule of ['go-sdk-in-final-stage', 'go-mod-cache-order', 'go-build-flags', 'dockerignore-missing']) {
      assert.ok(ours.includes(rule), `${rule} stays (Docker DX has no such check); ours: ${ours.join(', ')}`);
    }
    try {
      const shown = waitForDiagnostics(uri, (now) => now.some((d) => codeOf(d) === 'json-args-recommended'));
      await config.update('duplicates', 'show', vscode.ConfigurationTarget.Workspace);
      await shown;
    } finally {
      const hidden = waitForDiagnostics(uri, (now) => !now.some((d) => codeOf(d) === 'json-args-recommended') && now.some((d) => codeOf(d) === 'go-sdk-in-final-stage'));
      await config.update('duplicates', undefined, vscode.ConfigurationTarget.Workspace);
      await hidden;
    }
  });

  test('languageFeatures "auto" leaves completion and hover docs to Docker DX; "on" brings them back', async () => {
    const document = await dockerfile('FROM alpine:3.20\nRUN echo hi\n');
    const editor = vscode.workspace.getConfiguration('dockscope.editor');
    // HEALTHCHECK is not a word of the document: only a Dockerfile completion offers it.
    const offersInstructions = async () => (await completionLabels(document)).some((label) => label.startsWith('HEALTHCHECK'));
    const showsDocs = async () => /Execute any commands/.test(await hoverText(document, 1, 1));
    try {
      await editor.update('languageFeatures', 'on', vscode.ConfigurationTarget.Workspace);
      await eventually(async () => assert.ok(await offersInstructions() && await showsDocs(), 'the features did not come on'));
    } finally {
      await editor.update('languageFeatures', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await eventually(async () => assert.ok(!await offersInstructions() && !await showsDocs(), 'the features stayed on under auto'));
    // Dockscope's own hover is never turned off: the stage summary on a FROM line.
    assert.match(await hoverText(document, 0, 7), /\*\*Stage /);
  });
});
