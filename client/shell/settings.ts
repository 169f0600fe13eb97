// The one place the extension reads its settings: VS Code's configuration in, the typed objects
// of common/settings.ts out. Features never call getConfiguration themselves.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { toDockscopeSettings, type DockscopeSettings, type LintSettings, type SettingKey } from '../../common/settings';

const SECTION = 'dockscope';

/** Every setting for a resource (a Dockerfile's URI for resource-scoped ones), validated. */
export function readSettings(scope?: vscode.Uri): DockscopeSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const settings = toDockscopeSettings((key) => config.get(key));
  // The server receives an absolute folder, so it never needs to know about workspace folders.
  settings.lint.buildContext = resolveInWorkspace(settings.lint.buildContext, scope);
  return settings;
}

/** What the language server asks for through `workspace/configuration`. */
export function readLintSettings(scope?: vscode.Uri): LintSettings {
  return readSettings(scope).lint;
}

/** The build context of a Dockerfile: `dockscope.buildContext` when set, else the Dockerfile's folder. */
export function buildContextFor(dockerfile: vscode.Uri): string {
  return readSettings(dockerfile).lint.buildContext || path.dirname(dockerfile.fsPath);
}

/** Whether a configuration change touches any of these keys (or sections, e.g. `layers`). */
export function affectsSettings(event: vscode.ConfigurationChangeEvent, ...keys: Array<SettingKey | 'layers' | 'build' | 'docker'>): boolean {
  return keys.some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
}

/** Changes a user setting (e.g. the Layers view's sort order from its menu). */
export async function updateSetting(key: SettingKey, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
}

/** A relative folder is relative to the workspace folder of `scope` (else the first one). */
function resolveInWorkspace(folder: string, scope: vscode.Uri | undefined): string {
  if (!folder || path.isAbsolute(folder)) return folder;
  const workspaceFolder = (scope && vscode.workspace.getWorkspaceFolder(scope)) || vscode.workspace.workspaceFolders?.[0];
  return workspaceFolder ? path.join(workspaceFolder.uri.fsPath, folder) : folder;
}
