import * as path from 'node:path';
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

/** A Dockscope diagnostic's rule id (`code.value`), or undefined for others. */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== 'dockscope') return undefined;
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}

/** A file of the test workspace (a copy of test/e2e/fixtures). */
export function fixtureUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0].uri.fsPath, ...segments));
}
