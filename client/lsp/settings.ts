// Turns raw VS Code configuration into the typed settings object the server receives.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toLintSettings, type LintSettings } from '../../common/settings';

export function readLintSettings(scope: vscode.Uri | undefined): LintSettings {
  const config = vscode.workspace.getConfiguration('dockscope', scope);
  const settings = toLintSettings({
    enable: config.get('lint.enable'),
    rules: config.get('rules'),
    buildContext: config.get('buildContext'),
  });
  settings.buildContext = resolveAgainstWorkspace(settings.buildContext, scope);
  return settings;
}

/** The server receives an absolute folder, so it never needs to know about workspace folders. */
function resolveAgainstWorkspace(folder: string, scope: vscode.Uri | undefined): string {
  if (!folder || path.isAbsolute(folder)) return folder;
  const workspaceFolder = scope ? vscode.workspace.getWorkspaceFolder(scope) : vscode.workspace.workspaceFolders?.[0];
  return workspaceFolder ? path.join(workspaceFolder.uri.fsPath, folder) : folder;
}
