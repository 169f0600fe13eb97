// The build timings webview panel: one panel, showing the chosen Dockerfile's last build and
// its comparison with the build before. Strict CSP with a nonce; all data via validated messages
// after the webview's `ready` request; restored after a window reload by a serializer.
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { displayView, parseState, parseWebviewMessage, type HostToWebview, type TimingsView } from '../webviews/timings/protocol';
import type { BuildRecord } from '../../engine/build/record';
import type { BuildHistory } from './buildHistory';
import { comparableBuild } from '../../engine/build/record';

const TIMINGS_VIEW_TYPE = 'dockscope.buildTimings';

export class TimingsPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  /** The Dockerfile whose builds the panel shows. */
  private dockerfile: string | undefined;
  /** The first step shown of a build too long for one page. */
  private offset = 0;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly history: BuildHistory, private readonly output: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(TIMINGS_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state) => {
          const restored = parseState(state);
          this.attach(panel, restored.view?.current.dockerfile);
        },
      }),
      history.onDidChange((dockerfile) => {
        if (dockerfile !== this.dockerfile) return;
        this.offset = 0;
        this.push(null);
      }),
    );
  }

  /** Opens (or focuses) the panel on a Dockerfile's builds; without one, the newest build. */
  show(dockerfile: string | undefined): void {
    const target = dockerfile ?? this.history.newest()?.dockerfile;
    this.offset = 0;
    if (this.panel) {
      this.dockerfile = target;
      this.panel.reveal(undefined, true);
      this.push(null);
      return;
    }
    const panel = vscode.window.createWebviewPanel(TIMINGS_VIEW_TYPE, 'Build Timings', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webviews'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    });
    this.attach(panel, target);
  }

  private attach(panel: vscode.WebviewPanel, dockerfile: string | undefined): void {
    this.panel?.dispose();
    this.panel = panel;
    this.dockerfile = dockerfile;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'dockscope.svg');
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webviews'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
    panel.webview.html = this.html(panel.webview);
    this.panelDisposables = [
      panel.webview.onDidReceiveMessage((raw) => this.onMessage(raw)),
      panel.onDidDispose(() => {
        if (this.panel !== panel) return;
        this.panel = undefined;
        for (const disposable of this.panelDisposables) disposable.dispose();
        this.panelDisposables = [];
      }),
    ];
  }

  private view(): TimingsView | undefined {
    if (!this.dockerfile) return undefined;
    const records = this.history.list(this.dockerfile);
    const current = records[0];
    if (!current) return undefined;
    // The inputs (a context manifest of up to 50,000 files) stay in the extension host.
    const shown = (record: BuildRecord) => ({ ...record, inputs: undefined });
    const previous = comparableBuild(records, current);
    return displayView(path.basename(this.dockerfile), shown(current), previous ? shown(previous) : null, this.offset);
  }

  private push(replyTo: number | null): void {
    const view = this.view();
    if (this.panel) this.panel.title = view ? `Build Timings: ${view.dockerfileName}` : 'Build Timings';
    this.post(view
      ? { type: 'show', replyTo, view }
      : { type: 'empty', replyTo, message: 'No build of this Dockerfile yet. Run “Dockscope: Build Image with Timings”.' });
  }

  private post(message: HostToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.output.warn('Timings panel: ignored an invalid message from the webview');
      return;
    }
    if (message.type === 'ready') {
      this.push(message.requestId);
      return;
    }
    if (message.type === 'page') {
      this.offset = message.offset;
      this.push(message.requestId);
      return;
    }
    const dockerfile = this.dockerfile;
    try {
      if (!dockerfile) throw new Error('No Dockerfile is shown.');
      const document = await vscode.workspace.openTextDocument(vscode.Uri.file(dockerfile));
      if (message.line > document.lineCount) throw new Error(`Line ${message.line} is past the end of ${path.basename(dockerfile)}; it changed since the build.`);
      const position = new vscode.Position(message.line - 1, 0);
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
      this.post({ type: 'revealed', replyTo: message.requestId, ok: true, message: null });
    } catch (error) {
      this.post({ type: 'revealed', replyTo: message.requestId, ok: false, message: error instanceof Error ? error.message : String(error) });
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webviews', 'timings.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'timings.css'));
    const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Build Timings</title>
</head>
<body>
<main id="root"></main>
<p id="status" class="visually-hidden" role="status"></p>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of [...this.disposables, ...this.panelDisposables]) disposable.dispose();
  }
}
