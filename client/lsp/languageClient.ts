// Starts the Dockscope language server over IPC and answers its configuration requests with
// typed settings (the server never reads VS Code settings itself).
import * as vscode from 'vscode';
import {
  LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { CONTEXT_FILE_GLOB, LINT_SETTINGS_SECTION, SERVER_NAME } from '../../common/protocol';
import { readLintSettings } from '../shell/settings';

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
          if (item.section !== LINT_SETTINGS_SECTION) return null;
          return readLintSettings(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined);
        }),
      },
    },
  };
  const client = new LanguageClient('dockscope', SERVER_NAME, serverOptions, clientOptions);
  context.subscriptions.push(
    client,
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('dockscope')) {
        void client.sendNotification('workspace/didChangeConfiguration', { settings: null });
      }
    }),
  );
  await client.start();
  return client;
}
