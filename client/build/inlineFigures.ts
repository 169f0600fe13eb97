// Per-instruction figures at the end of Dockerfile lines: build time (or `cached`) from the last
// build and layer size from the built image or an image analysis, e.g. `12.4 MB · 3.2 s`.
// A line's figure goes away when the line is edited; `dockscope.inlineHints.enable` hides all.
import * as vscode from 'vscode';
import type { BuildRecord } from '../../engine/build/record';
import { formatBytes, formatDuration } from '../../common/format';
import { affectsSettings, readSettings } from '../shell/settings';
import { shiftForEdits } from './lineShift';

interface LineFigure {
  durationMs?: number;
  cached?: boolean;
  failed?: boolean;
  builtAt?: string;
  bytes?: number;
  sizeSource?: string;
}

/** Editor-side store of the figures; other features feed it through the public methods. */
export class InlineFigures implements vscode.Disposable {
  /** Keyed by document URI string, then 0-based line. */
  private readonly figures = new Map<string, Map<number, LineFigure>>();
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorInlayHint.foreground'), fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly changed = new vscode.EventEmitter<vscode.Uri | undefined>();
  /** Fires after a Dockerfile's figures changed (undefined: possibly all of them). */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.decoration, this.changed];

  constructor() {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((event) => this.onEdit(event)),
      vscode.window.onDidChangeVisibleTextEditors(() => this.renderAll()),
      vscode.workspace.onDidChangeConfiguration((event) => { if (affectsSettings(event, 'inlineHints.enable')) this.renderAll(); }),
    );
  }

  /** Shows each step's time (or `cached`) on its Dockerfile line; replaces earlier build figures. */
  setBuildRecord(record: BuildRecord): void {
    const lines = this.linesOf(vscode.Uri.file(record.dockerfile));
    for (const figure of lines.values()) {
      delete figure.durationMs; delete figure.cached; delete figure.failed; delete figure.builtAt;
    }
    for (const step of record.steps) {
      if (step.line === null || step.internal) continue;
      const figure = lines.get(step.line - 1) ?? {};
      figure.durationMs = (figure.durationMs ?? 0) + step.durationMs;
      figure.cached = step.cached && (figure.cached ?? true);
      figure.failed = step.error !== null || figure.failed;
      figure.builtAt = record.startedAt;
      lines.set(step.line - 1, figure);
    }
    this.render(vscode.Uri.file(record.dockerfile));
  }

  /**
   * Shows layer sizes on a Dockerfile's lines. `sizes` maps 1-based line → bytes; `source` names
   * where the sizes come from (e.g. the image reference) for the hover. Replaces earlier sizes.
   */
  setLayerSizes(dockerfile: vscode.Uri, sizes: ReadonlyMap<number, number>, source = 'the image'): void {
    const lines = this.linesOf(dockerfile);
    for (const figure of lines.values()) { delete figure.bytes; delete figure.sizeSource; }
    for (const [line, bytes] of sizes) {
      if (!Number.isInteger(line) || line < 1 || !Number.isFinite(bytes) || bytes < 0) continue;
      lines.set(line - 1, { ...lines.get(line - 1), bytes, sizeSource: source });
    }
    this.render(dockerfile);
  }

  /** Clears one Dockerfile's figures, or all of them. */
  clear(dockerfile?: vscode.Uri): void {
    if (dockerfile) this.figures.delete(dockerfile.toString());
    else this.figures.clear();
    this.renderAll();
  }

  /** The text shown after a line, for tests and the status bar; undefined when none. */
  textAt(dockerfile: vscode.Uri, line: number): string | undefined {
    const figure = this.figures.get(dockerfile.toString())?.get(line - 1);
    return figure ? figureText(figure) : undefined;
  }

  private linesOf(uri: vscode.Uri): Map<number, LineFigure> {
    let lines = this.figures.get(uri.toString());
    if (!lines) this.figures.set(uri.toString(), (lines = new Map()));
    return lines;
  }

  private onEdit(event: vscode.TextDocumentChangeEvent): void {
    const lines = this.figures.get(event.document.uri.toString());
    if (!lines || event.contentChanges.length === 0) return;
    const moved = shiftForEdits(lines, event.contentChanges.map((change) => ({ startLine: change.range.start.line, endLine: change.range.end.line, text: change.text })));
    this.figures.set(event.document.uri.toString(), moved);
    this.render(event.document.uri);
  }

  private renderAll(): void {
    for (const editor of vscode.window.visibleTextEditors) this.renderEditor(editor);
    this.changed.fire(undefined);
  }

  private render(uri: vscode.Uri): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() === uri.toString()) this.renderEditor(editor);
    }
    this.changed.fire(uri);
  }

  private renderEditor(editor: vscode.TextEditor): void {
    const enabled = readSettings(editor.document.uri).inlineHints.enable;
    const lines = this.figures.get(editor.document.uri.toString());
    if (!enabled || !lines) {
      editor.setDecorations(this.decoration, []);
      return;
    }
    const options: vscode.DecorationOptions[] = [];
    for (const [line, figure] of lines) {
      const text = figureText(figure);
      if (!text || line >= editor.document.lineCount) continue;
      const end = editor.document.lineAt(line).range.end;
      options.push({ range: new vscode.Range(end, end), hoverMessage: figureHover(figure), renderOptions: { after: { contentText: text } } });
    }
    editor.setDecorations(this.decoration, options);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function figureText(figure: LineFigure): string {
  const parts: string[] = [];
  if (figure.bytes !== undefined) parts.push(formatBytes(figure.bytes));
  if (figure.failed) parts.push(`failed after ${formatDuration(figure.durationMs ?? 0)}`);
  else if (figure.cached) parts.push('cached');
  else if (figure.durationMs !== undefined) parts.push(formatDuration(figure.durationMs));
  return parts.join(' · ');
}

function figureHover(figure: LineFigure): vscode.MarkdownString {
  const hover = new vscode.MarkdownString(undefined, true);
  hover.appendMarkdown('**Dockscope**\n\n');
  if (figure.builtAt) {
    const when = new Date(figure.builtAt).toLocaleString();
    if (figure.failed) hover.appendText(`This instruction failed after ${formatDuration(figure.durationMs ?? 0)} in the build of ${when}.`);
    else if (figure.cached) hover.appendText(`BuildKit reused this step from its cache in the build of ${when}: it took no build time.`);
    else hover.appendText(`This step ran for ${formatDuration(figure.durationMs ?? 0)} in the build of ${when} (wall time of the step; parallel stages overlap).`);
    hover.appendMarkdown('\n\n');
  }
  if (figure.bytes !== undefined) {
    hover.appendText(`The layer it created in ${figure.sizeSource ?? 'the image'} is ${formatBytes(figure.bytes)} (${figure.bytes.toLocaleString()} bytes); 0 B for instructions that only change metadata.`);
    hover.appendMarkdown('\n\n');
  }
  hover.appendMarkdown('[Show build timings](command:dockscope.build.showPanel) · [Clear figures](command:dockscope.inlineHints.clear)');
  hover.isTrusted = { enabledCommands: ['dockscope.build.showPanel', 'dockscope.inlineHints.clear'] };
  return hover;
}
