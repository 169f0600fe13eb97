// Editor integration on Dockerfiles that needs the daemon: the FROM hover and the
// "Pin to the digest the daemon has" quick fix, over the shared Docker session.
import * as vscode from 'vscode';
import type { Shell } from '../shell/shell';
import { FromImageHoverProvider } from './fromHover';
import { LocalImages } from './localImages';
import { PinDigestActionProvider } from './pinDigest';

const DOCKERFILES: vscode.DocumentSelector = [{ language: 'dockerfile', scheme: 'file' }, { language: 'dockerfile', scheme: 'untitled' }];

export function registerEditor(context: vscode.ExtensionContext, shell: Shell): void {
  const images = new LocalImages(() => shell.docker.connect().docker);
  context.subscriptions.push(
    shell.docker.onDidChangeImages(() => images.forget()),
    shell.docker.onDidReconnect(() => images.forget()),
    vscode.languages.registerHoverProvider(DOCKERFILES, new FromImageHoverProvider(images)),
    vscode.languages.registerCodeActionsProvider(DOCKERFILES, new PinDigestActionProvider(images), PinDigestActionProvider.metadata),
  );
}
