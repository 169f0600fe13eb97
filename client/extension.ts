// Extension entry point: creates the shared shell (Output channel, logger, notifier, the one
// Docker session) and starts each feature with it. Features never import each other; what one
// offers another (the build history and inline figures for the Layers view) is passed here.
import * as vscode from 'vscode';
import { registerBuild, type BuildFeature } from './build/registerBuild';
import { registerEditor } from './editor';
import { registerLayers, type LayersApi } from './layers';
import { startLanguageClient } from './lsp/languageClient';
import { createShell } from './shell/shell';

/** What `activate` returns: the extension-host tests read the Layers view through it. */
export interface DockscopeApi {
  layers: LayersApi;
  build: BuildFeature;
}

export async function activate(context: vscode.ExtensionContext): Promise<DockscopeApi> {
  const started = Date.now();
  const shell = createShell(context);
  const { output } = shell;
  const build = registerBuild(context, shell);
  const layers = registerLayers(context, shell, build);
  shell.docker.start();
  try {
    await startLanguageClient(context, output);
  } catch (error) {
    output.error('The Dockscope language server did not start', error instanceof Error ? error : String(error));
    void vscode.window.showErrorMessage('Dockscope: the language server did not start. See the Dockscope output for details.', 'Show Output')
      .then((choice) => { if (choice) output.show(); });
  }
  // After the language server: the editor lists the hover of the provider registered last first,
  // so the local image's facts come before the findings on a FROM line.
  registerEditor(context, shell);
  context.subscriptions.push(
    vscode.commands.registerCommand('dockscope.showOutput', () => output.show()),
    vscode.commands.registerCommand('dockscope.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', '@ext:dockscope.dockscope')),
  );
  output.info(`Dockscope activated in ${Date.now() - started} ms`);
  return { layers, build };
}

export function deactivate(): void {
  // Disposables registered on the context (the language client among them) stop themselves.
}
