// Quick fix for `base-image-unpinned`: "Pin to the digest the daemon has". The digest comes
// from the local image's RepoDigests (recorded when it was pulled or pushed), never from a registry. A
// locally built image has no repo digest: then no action is offered rather than a wrong one.
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../common/protocol';
import { pinEditFor } from './fromImage';
import type { LocalImages } from './localImages';

const UNPINNED_RULE = 'base-image-unpinned';

function ruleOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return code === undefined ? undefined : String(code);
}

export class PinDigestActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly images: LocalImages) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext, token: vscode.CancellationToken): Promise<vscode.CodeAction[]> {
    const unpinned = context.diagnostics.filter((d) => ruleOf(d) === UNPINNED_RULE && (!d.source || d.source === DIAGNOSTIC_SOURCE));
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of unpinned) {
      const action = await this.pinAction(document, diagnostic);
      if (token.isCancellationRequested) return [];
      if (action) actions.push(action);
    }
    return actions;
  }

  private async pinAction(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction | undefined> {
    const line = diagnostic.range.start.line;
    const pin = await pinEditFor(document.getText(), line, (reference) => this.images.lookup(reference));
    if (!pin) return undefined;
    const action = new vscode.CodeAction(`Pin to the digest the daemon has (${pin.digest.slice(0, 19)}…)`, vscode.CodeActionKind.QuickFix);
    action.diagnostics = [diagnostic];
    action.edit = new vscode.WorkspaceEdit();
    action.edit.replace(document.uri, new vscode.Range(line, pin.start, line, pin.end), pin.pinned);
    return action;
  }
}
