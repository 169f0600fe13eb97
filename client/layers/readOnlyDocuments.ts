// Read-only documents for text Dockscope generates (a layer's full command, a comparison
// report). A TextDocumentContentProvider scheme cannot be edited or saved by accident.
import * as vscode from 'vscode';

export const READ_ONLY_SCHEME = 'dockscope';

export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** Stores `text` under a readable path (e.g. `/alpine-3.20 layer 4.txt`) and returns its URI. */
  put(path: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: READ_ONLY_SCHEME, path: path.startsWith('/') ? path : `/${path}` });
    this.contents.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? 'This document is no longer available; open it again from the Layers view.';
  }

  /** Opens a stored document; markdown opens as a rendered preview when the editor can. */
  async open(uri: vscode.Uri, preview = false): Promise<void> {
    if (preview) {
      try {
        await vscode.commands.executeCommand('markdown.showPreview', uri);
        return;
      } catch {
        // No markdown preview (a trimmed-down editor): fall back to the text.
      }
    }
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
  }

  dispose(): void {
    this.changed.dispose();
  }
}
