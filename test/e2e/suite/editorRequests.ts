// The editing features as the workbench asks for them (vscode.execute…Provider commands), on
// untitled Dockerfiles so no test changes the workspace.
import * as vscode from 'vscode';

export async function dockerfile(content: string): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument({ language: 'dockerfile', content });
}

/** Labels of every completion item offered at the end of the document's last line. */
export async function completionLabels(document: vscode.TextDocument): Promise<string[]> {
  const last = document.lineAt(document.lineCount - 1);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, last.range.end);
  return list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
}

/** Every hover's text at a position, joined. */
export async function hoverText(document: vscode.TextDocument, line: number, character: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(line, character));
  return hovers.flatMap((hover) => hover.contents.map((part) => (typeof part === 'string' ? part : part.value))).join('\n');
}

/**
 * Retries `check` until it stops throwing, for what no event announces: the language server
 * registers its editing features (and drops them) a moment after it reads the settings.
 */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export async function activateDockscope(): Promise<void> {
  const extension = vscode.extensions.all.find((candidate) => candidate.packageJSON?.name === 'dockscope');
  if (!extension) throw new Error('the Dockscope extension is not installed');
  await extension.activate();
}
