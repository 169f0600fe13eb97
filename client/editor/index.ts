// Editor integration on Dockerfiles that needs the daemon: the FROM hover and the
// "Pin to the digest the daemon has" quick fix.
import * as vscode from 'vscode';
import { FromImageHoverProvider } from './fromHover';
import type { LocalImages } from './localImages';
import { PinDigestActionProvider } from './pinDigest';

const DOCKERFILES: vscode.DocumentSelector = [{ language: 'dockerfile', scheme: 'file' }, { language: 'dockerfile', scheme: 'untitled' }];

export function registerEditorIntegration(images: LocalImages): vscode.Disposable[] {
  return [
    vscode.languages.registerHoverProvider(DOCKERFILES, new FromImageHoverProvider(images)),
    vscode.languages.registerCodeActionsProvider(DOCKERFILES, new PinDigestActionProvider(images), PinDigestActionProvider.metadata),
  ];
}
