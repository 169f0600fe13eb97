// Which Dockerfiles to try first when matching an image back to its source: the Dockerfiles
// open in editors (the user is most likely looking at the one that produced the image), the
// active one first.
import * as vscode from 'vscode';
import type { KnownDockerfiles } from './openSource';

export function knownDockerfilesFrom(_context: vscode.ExtensionContext): KnownDockerfiles {
  return () => {
    const active = vscode.window.activeTextEditor?.document;
    const open = vscode.workspace.textDocuments.filter((document) => document.languageId === 'dockerfile' && document.uri.scheme === 'file');
    const ordered = active && active.languageId === 'dockerfile' ? [active, ...open.filter((d) => d !== active)] : open;
    return ordered.map((document) => document.uri);
  };
}
