// What every feature of the extension host shares: the Output channel, the logger filtered by
// `dockscope.logLevel`, the error notifier and the one Docker session. Features receive it from
// client/extension.ts and never import each other.
import * as vscode from 'vscode';
import { DockerSession } from './dockerSession';
import { escapingChannel, type Logger } from './logger';
import { createLogger, ErrorNotifier } from './output';

export interface Shell {
  output: vscode.LogOutputChannel;
  log: Logger;
  notifier: ErrorNotifier;
  docker: DockerSession;
}

export function createShell(context: vscode.ExtensionContext): Shell {
  const output = escapingChannel(vscode.window.createOutputChannel('Dockscope', { log: true }));
  const log = createLogger(context, output);
  const docker = new DockerSession(log);
  context.subscriptions.push(output, docker);
  return { output, log, notifier: new ErrorNotifier(output), docker };
}
