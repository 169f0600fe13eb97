// Per-instruction figures at the end of Dockerfile lines: build time (or `cached`) from the last
// build and layer size from the image that build made (or an analysis of it), e.g. `12 MB · 3.2 s`;
// the FROM line gets the base image's size. All figures of a file describe one image, named in
// the hover (client/build/lineFigures.ts says what is shown). A line's figure goes away when the
// line is edited; `dockscope.inlineHints.enable` hides all.
import * as vscode from 'vscode';
import type { BuildRecord } from '../../engine/build/record';
import { shortId } from '../../common/format';
import { affectsSettings, readSettings } from '../shell/settings';
import { figureHover, figureText, stepFigures, type FigureImage, type LineFigure } from './lineFigures';
import { shiftForEdits } from './lineShift';

/** The image whose sizes a Dockerfile shows (client/layers' LayerSizeSink speaks this too). */
export interface SizedImage {
  id: string;
  label: string;
  /** 1-based FROM line whose size is the base image's, and that image's name. */
  baseLine?: number;
  baseName?: string;
}

interface FileFigures {
  lines: Map<number, LineFigure>;
  /** The image the figures describe; undefined after a failed build (times only). */
  image?: FigureImage;
  /** A failed build's time, for its hover. */
  failedAt?: string;
}

/** Editor-side store of the figures; other features feed it through the public methods. */
export class InlineFigures implements vscode.Disposable {
  /** Keyed by document URI string. */
  private readonly figures = new Map<string, FileFigures>();
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 1em', color: new vscode.ThemeColor('editorInlayHint.foreground'), fontStyle: 'italic' },
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

  /**
   * Shows each step's time (or `cached`) on its Dockerfile line, replacing the figures of the
   * file: sizes stay only when they are of the image this build made.
   */
  setBuildRecord(record: BuildRecord): void {
    const uri = vscode.Uri.file(record.dockerfile);
    const previous = this.figures.get(uri.toString());
    const keepSizes = previous?.image !== undefined && previous.image.id === record.image;
    const lines = stepFigures(record);
    if (keepSizes) {
      for (const [line, figure] of previous.lines) {
        if (figure.bytes !== undefined) lines.set(line, { ...lines.get(line), bytes: figure.bytes, base: figure.base });
      }
    }
    const image = record.outcome === 'succeeded' && record.image
      ? { ...(keepSizes ? previous.image : {}), id: record.image, label: record.tag || shortId(record.image), builtAt: record.startedAt }
      : undefined;
    this.figures.set(uri.toString(), { lines, image, failedAt: image ? undefined : record.startedAt });
    this.render(uri);
  }

  /**
   * Shows layer sizes on a Dockerfile's lines. `sizes` maps 1-based line → bytes. Sizes of an
   * image other than the one the file's build times are from replace those times: one image a file.
   */
  setLayerSizes(dockerfile: vscode.Uri, sizes: ReadonlyMap<number, number>, image: SizedImage): void {
    const previous = this.figures.get(dockerfile.toString());
    const sameImage = previous?.image?.id === image.id;
    const lines = new Map<number, LineFigure>();
    if (sameImage) {
      for (const [line, figure] of previous!.lines) lines.set(line, { ...figure, bytes: undefined, base: undefined });
    }
    for (const [line, bytes] of sizes) {
      if (!Number.isInteger(line) || line < 1 || !Number.isFinite(bytes) || bytes < 0) continue;
      lines.set(line - 1, { ...lines.get(line - 1), bytes, base: line === image.baseLine || undefined });
    }
    for (const [line, figure] of lines) if (figureText(figure) === '') lines.delete(line);
    const builtAt = sameImage ? previous?.image?.builtAt : undefined;
    this.figures.set(dockerfile.toString(), { lines, image: { id: image.id, label: image.label, builtAt, baseName: image.baseName } });
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
    const figure = this.figures.get(dockerfile.toString())?.lines.get(line - 1);
    const text = figure ? figureText(figure) : '';
    return text || undefined;
  }

  /** The hover of a line's figure as plain sentences, for tests; undefined when none. */
  hoverAt(dockerfile: vscode.Uri, line: number): string | undefined {
    const file = this.figures.get(dockerfile.toString());
    const figure = file?.lines.get(line - 1);
    return figure ? figureHover(figure, file!.image, file!.failedAt).join(' ') : undefined;
  }

  private onEdit(event: vscode.TextDocumentChangeEvent): void {
    const file = this.figures.get(event.document.uri.toString());
    if (!file || event.contentChanges.length === 0) return;
    file.lines = shiftForEdits(file.lines, event.contentChanges.map((change) => ({ startLine: change.range.start.line, endLine: change.range.end.line, text: change.text })));
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
    const file = this.figures.get(editor.document.uri.toString());
    if (!enabled || !file) {
      editor.setDecorations(this.decoration, []);
      return;
    }
    const options: vscode.DecorationOptions[] = [];
    for (const [line, figure] of file.lines) {
      const text = figureText(figure);
      if (!text || line >= editor.document.lineCount) continue;
      const end = editor.document.lineAt(line).range.end;
      options.push({ range: new vscode.Range(end, end), hoverMessage: hoverMarkdown(figureHover(figure, file.image, file.failedAt)), renderOptions: { after: { contentText: text } } });
    }
    editor.setDecorations(this.decoration, options);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function hoverMarkdown(sentences: string[]): vscode.MarkdownString {
  const hover = new vscode.MarkdownString(undefined, true);
  hover.appendMarkdown('**Dockscope**\n\n');
  for (const sentence of sentences) {
    hover.appendText(sentence);
    hover.appendMarkdown('\n\n');
  }
  hover.appendMarkdown('[Show build timings](command:dockscope.build.showPanel) · [Clear figures](command:dockscope.inlineHints.clear)');
  hover.isTrusted = { enabledCommands: ['dockscope.build.showPanel', 'dockscope.inlineHints.clear'] };
  return hover;
}
