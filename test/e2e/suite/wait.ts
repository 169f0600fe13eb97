import * as vscode from 'vscode';

/** Resolves when `uri`'s diagnostics satisfy `accept`; waits on events, never on a timer. */
export function waitForDiagnostics(uri: vscode.Uri, accept: (all: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const current = vscode.languages.getDiagnostics(uri);
    if (accept(current)) return resolve(current);
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (!event.uris.some((changed) => changed.toString() === uri.toString())) return;
      const all = vscode.languages.getDiagnostics(uri);
      if (accept(all)) { subscription.dispose(); resolve(all); }
    });
  });
}
