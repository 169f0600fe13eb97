// "Dockscope: Build Image with Timings" inside the real extension host, against the test daemon:
// the command's BuildRecord (the step model) and the inline figures it puts on the Dockerfile.
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BuildRecord } from '../../../engine/build/record';
import { removeImage } from './dockerFixture';
import { fixtureUri } from './wait';

const TAG = 'dockscope-test/build-e2e:1';
// Size, then time or cached, then (after an earlier build of the file) why the step ran.
const FIGURE = /^(\d+(\.\d+)? [kMGT]?B · )?(\d+(\.\d+)? (ms|s)|\d+ min \d+ s|cached)( · [^·]+)?$/;

interface InlineFiguresApi {
  textAt(dockerfile: vscode.Uri, line: number): string | undefined;
  hoverAt(dockerfile: vscode.Uri, line: number): string | undefined;
  onDidChange: vscode.Event<vscode.Uri | undefined>;
}

async function inlineFigures(): Promise<InlineFiguresApi> {
  const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON?.name === 'dockscope');
  assert.ok(extension, 'the Dockscope extension is installed');
  const api = (await extension.activate()) as { build?: { inlineFigures: InlineFiguresApi } };
  assert.ok(api?.build?.inlineFigures, 'activate() exports the inline figures');
  return api.build.inlineFigures;
}

/** Resolves once `accept` holds, re-checking after every figure change; no timers. */
function waitForFigures(figures: InlineFiguresApi, accept: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (accept()) return resolve();
    const subscription = figures.onDidChange(() => {
      if (accept()) { subscription.dispose(); resolve(); }
    });
  });
}

/** Resolves with the first change event of `document` that `accept` takes. */
function nextChange(document: vscode.TextDocument, accept: (event: vscode.TextDocumentChangeEvent) => boolean): Promise<vscode.TextDocumentChangeEvent> {
  return new Promise((resolve) => {
    const subscription = vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.uri.toString() === document.uri.toString() && accept(event)) { subscription.dispose(); resolve(event); }
    });
  });
}

suite('build command', () => {
  const dockerfile = fixtureUri('build-two-stage', 'Dockerfile');
  const context = path.dirname(dockerfile.fsPath);
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeImage(TAG);
  });

  test('builds the two-stage fixture: a step per instruction with its line, durations within wall time, inline figures that an edit clears', async () => {
    const figures = await inlineFigures();
    // A new stamp per run: the steps that copy it really run instead of coming from the cache.
    await fs.writeFile(path.join(context, 'stamp.txt'), `${Date.now()} ${Math.random()}\n`);
    const document = await vscode.workspace.openTextDocument(dockerfile);
    await vscode.window.showTextDocument(document);

    const t0 = Date.now();
    const record = await vscode.commands.executeCommand<BuildRecord | undefined>('dockscope.build', dockerfile, { tag: TAG, target: '', buildArgs: [], context });
    const elapsed = Date.now() - t0;
    assert.ok(record, 'the build command resolves with its record');
    assert.equal(record.outcome, 'succeeded', `the build failed: ${record.error}`);
    assert.equal(record.dockerfile, dockerfile.fsPath);
    assert.equal(record.tag, TAG);
    assert.ok(record.image?.startsWith('sha256:'), `an image id, got ${record.image}`);
    assert.ok(record.wallMs >= 0 && record.wallMs <= elapsed, `wall ${record.wallMs} ms within the command's ${elapsed} ms`);

    // Every Dockerfile instruction that became a step names its line, and that line holds it.
    const steps = record.steps.filter((step) => !step.internal);
    const lines = new Set<number>();
    for (const step of steps) {
      assert.ok(step.instruction, `${step.name}: an instruction`);
      assert.ok(step.line !== null && step.line >= 1 && step.line <= document.lineCount, `${step.name}: a line, got ${step.line}`);
      assert.match(document.lineAt(step.line - 1).text, new RegExp(`^\\s*${step.instruction}\\b`, 'i'), `${step.name} → line ${step.line}`);
      lines.add(step.line);
    }
    const copyLines = [4, 5, 8];
    assert.deepEqual([...lines].sort((a, b) => a - b), copyLines, `steps on the COPY lines, got ${steps.map((s) => `${s.line}: ${s.name}`).join('; ')}`);
    for (const step of record.steps) {
      assert.ok(step.durationMs >= 0, `${step.name}: duration ${step.durationMs} ≥ 0`);
      assert.ok(step.durationMs <= record.wallMs, `${step.name}: duration ${step.durationMs} ms within wall ${record.wallMs} ms`);
    }
    assert.equal(record.totalSteps, steps.length);
    assert.ok(steps.filter((step) => step.line === 5 || step.line === 8).every((step) => !step.cached), 'the steps reading the new stamp ran');

    // Durations are there when the command resolves; sizes of the final stage's layers follow.
    for (const line of copyLines) assert.match(figures.textAt(dockerfile, line) ?? '', FIGURE, `figure on line ${line}`);
    await waitForFigures(figures, () => /B · /.test(figures.textAt(dockerfile, 8) ?? ''));
    assert.equal(figures.textAt(dockerfile, 9), undefined, 'nothing on a metadata-only line (ENV)');
    assert.equal(figures.textAt(dockerfile, 3), undefined, 'no figure on a FROM scratch line');
    assert.match(figures.hoverAt(dockerfile, 8) ?? '', new RegExp(`^Figures of image ${TAG} \\(${record.image!.slice(7, 19)}\\) built from this file on `), 'the hover names the one image');
    const before = copyLines.map((line) => figures.textAt(dockerfile, line));

    // Editing line 5 clears its figure and leaves the others where they were.
    const edited = nextChange(document, (event) => event.contentChanges.length > 0);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(dockerfile, document.lineAt(4).range.end, ' /assets/again.txt');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
    await edited;
    assert.equal(figures.textAt(dockerfile, 5), undefined, 'the edited line lost its figure');
    assert.equal(figures.textAt(dockerfile, 4), before[0]);
    assert.equal(figures.textAt(dockerfile, 8), before[2]);

    // The build opened the timings panel; the revert applies to the active editor.
    await vscode.window.showTextDocument(document);
    const reverted = nextChange(document, () => !document.isDirty);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await reverted;
  });
});
