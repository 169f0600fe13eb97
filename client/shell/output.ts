// Builds the Logger over the shared Output channel, and shows each distinct error once as a
// notification with the actions that can fix it. Repeats (a daemon that stays down and is
// polled again) go to the log only, so the user is never flooded.
import * as vscode from 'vscode';
import type { LogLevelName } from '../../common/settings';
import { Logger } from './logger';
import { affectsSettings, readSettings } from './settings';

const VSCODE_LEVEL_NAMES: Record<number, LogLevelName | 'off'> = {
  [vscode.LogLevel.Off]: 'off',
  [vscode.LogLevel.Trace]: 'trace',
  [vscode.LogLevel.Debug]: 'debug',
  [vscode.LogLevel.Info]: 'info',
  [vscode.LogLevel.Warning]: 'warn',
  [vscode.LogLevel.Error]: 'error',
};

/** A logger filtered by `dockscope.logLevel`; says once when VS Code's own level hides more. */
export function createLogger(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Logger {
  let level = readSettings().logLevel;
  const explainHiddenLevels = () => {
    const channel = VSCODE_LEVEL_NAMES[output.logLevel];
    if ((level === 'debug' || level === 'trace') && channel !== level && channel !== 'trace') {
      output.info(`dockscope.logLevel is "${level}" but this channel shows "${channel}" and above; run "Developer: Set Log Level…" to see ${level} messages.`);
    }
  };
  explainHiddenLevels();
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((event) => {
    if (!affectsSettings(event, 'logLevel')) return;
    level = readSettings().logLevel;
    explainHiddenLevels();
  }));
  return new Logger(output, () => level);
}

export type FixAction = 'Retry' | 'Show Output' | 'Open Settings';

/** Shows each distinct message once per session; answers the chosen action. */
export class ErrorNotifier {
  private readonly shown = new Set<string>();

  constructor(private readonly output: vscode.LogOutputChannel) {}

  /** Forget a message, e.g. once the daemon is back, so a later outage is announced again. */
  reset(): void {
    this.shown.clear();
  }

  async show(message: string, actions: FixAction[], retry?: () => unknown): Promise<void> {
    if (this.shown.has(message)) return;
    this.shown.add(message);
    const choice = await vscode.window.showErrorMessage(`Dockscope: ${message}`, ...actions);
    if (choice === 'Show Output') this.output.show(true);
    else if (choice === 'Open Settings') await vscode.commands.executeCommand('dockscope.openSettings');
    else if (choice === 'Retry') await retry?.();
  }
}
