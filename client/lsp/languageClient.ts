// Starts the Dockscope language server over IPC and answers its configuration requests with
// typed settings (the server never reads VS Code settings itself). Whether another Dockerfile
// extension is there is decided here and sent with them: it turns the editing features off under
// `auto` and names the neighbours whose duplicate findings the server hides.
import * as vscode from 'vscode';
import {
  LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { CONTEXT_FILE_GLOB, EDITOR_SETTINGS_SECTION, LINT_SETTINGS_SECTION, SERVER_NAME } from '../../common/protocol';
import { NEIGHBOURS, resolveLanguageFeatures, type EditorSettings, type Neighbour } from '../../common/settings';
import { readLintSettings, readSettings } from '../shell/settings';
import { activeNeighbours } from './neighbours';

export async function startLanguageClient(
  context: vscode.ExtensionContext,
  outputChannel: vscode.LogOutputChannel,
): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const watcher = vscode.workspace.createFileSystemWatcher(CONTEXT_FILE_GLOB);
  context.subscriptions.push(watcher);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'dockerfile' }],
    synchronize: { fileEvents: watcher },
    outputChannel,
    middleware: {
      workspace: {
        configuration: (params) => params.items.map((item) => {
          if (item.section === EDITOR_SETTINGS_SECTION) return editorSettings(activeNeighbours());
          if (item.section !== LINT_SETTINGS_SECTION) return null;
          return { ...readLintSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined), neighbours: activeNeighbours() };
        }),
      },
    },
  };
  const client = new LanguageClient('dockscope', SERVER_NAME, serverOptions, clientOptions);
  let neighbours = activeNeighbours();
  logNeighbours(outputChannel, neighbours);
  context.subscriptions.push(
    client,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('dockscope')) {
        if (event.affectsConfiguration('dockscope.editor') || event.affectsConfiguration('dockscope.lint.duplicates')) logNeighbours(outputChannel, neighbours);
        void client.sendNotification('workspace/didChangeConfiguration', { settings: null });
      }
    }),
    // An extension installed, enabled or removed while the window is open.
    vscode.extensions.onDidChange(() => {
      const now = activeNeighbours();
      if (now.join() === neighbours.join()) return;
      neighbours = now;
      logNeighbours(outputChannel, neighbours);
      void client.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }),
  );
  await client.start();
  return client;
}

function editorSettings(neighbours: readonly Neighbour[]): EditorSettings {
  return { languageFeatures: resolveLanguageFeatures(readSettings().editor.languageFeatures, neighbours) };
}

/** Says in the Output channel who else is here and what Dockscope leaves to them. */
function logNeighbours(output: vscode.LogOutputChannel, neighbours: readonly Neighbour[]): void {
  const mode = readSettings().editor.languageFeatures;
  const features = editorSettings(neighbours).languageFeatures;
  if (!neighbours.length) {
    output.info(`Editing features (completion, hover docs, formatting, rename, …) ${features ? 'on' : 'off'} (dockscope.editor.languageFeatures: ${mode}); no other Dockerfile extension found.`);
    return;
  }
  const names = neighbours.map((neighbour) => NEIGHBOURS[neighbour].name).join(', ');
  output.info(`Other Dockerfile extension${neighbours.length > 1 ? 's' : ''} found: ${names}. Dockscope's editing features are ${features ? 'on' : 'off'} (dockscope.editor.languageFeatures: ${mode}); `
    + `findings ${names} also reports are ${readSettings().lint.duplicates === 'hide' ? 'hidden' : 'shown'} (dockscope.lint.duplicates).`);
}
