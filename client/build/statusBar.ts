// The status bar item on Dockerfiles: the last build's wall time and cache ratio; a click opens
// the timings panel.
import * as vscode from 'vscode';
import { cacheRatio } from '../../engine/build/record';
import { formatDuration, formatPercent } from '../../common/format';
import type { BuildHistory } from './buildHistory';

export class BuildStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('dockscope.build.status', vscode.StatusBarAlignment.Right, 100);
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(private readonly history: BuildHistory) {
    this.item.name = 'Dockscope build timings';
    this.item.command = 'dockscope.build.showPanel';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      history.onDidChange(() => this.update()),
    );
    this.update();
  }

  /** While a build runs, its current step replaces the figures. */
  showRunning(step: string | undefined): void {
    this.item.text = `$(sync~spin) ${step ? step.replace(/\s+/g, ' ').slice(0, 40) : 'Building…'}`;
    this.item.tooltip = 'Dockscope: build in progress';
    this.item.show();
  }

  update(): void {
    const editor = vscode.window.activeTextEditor;
    const record = editor?.document.languageId === 'dockerfile' && editor.document.uri.scheme === 'file'
      ? this.history.latest(editor.document.uri.fsPath) : undefined;
    if (!record) {
      this.item.hide();
      return;
    }
    const icon = record.outcome === 'succeeded' ? '$(clock)' : '$(error)';
    this.item.text = `${icon} ${formatDuration(record.wallMs)} · cache ${formatPercent(cacheRatio(record))}`;
    this.item.tooltip = new vscode.MarkdownString(
      `Last build (${record.outcome}) ${new Date(record.startedAt).toLocaleString()}: wall ${formatDuration(record.wallMs)}, `
      + `accumulated ${formatDuration(record.accumulatedMs)}, ${record.cacheHits}/${record.totalSteps} steps from cache. Click for the timings.`);
    this.item.show();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
