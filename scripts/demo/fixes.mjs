// The demo's lint half: lints a Dockerfile with the engine (the same service the language
// server and the CLI call) and applies its quick fixes through the engine's code actions, one at
// a time, re-linting after each, exactly as a user accepting the lightbulb would.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_LINT_SETTINGS } from '../../common/settings.ts';
import { codeActions } from '../../lint/codeActions.ts';
import { lintDocument } from '../../lint/service.ts';

/** The fixes the articles walk through, in the order they apply them. */
export const DEMO_RULES = ['go-sdk-in-final-stage', 'go-mod-cache-order', 'go-cgo-static-runtime', 'go-build-flags', 'go-cache-mount', 'dockerignore-missing'];

export function lintFile(dockerfile) {
  const text = readFileSync(dockerfile, 'utf8');
  const settings = { ...DEFAULT_LINT_SETTINGS, buildContext: dirname(dockerfile) };
  return lintDocument({ uri: pathToFileURL(dockerfile).href, text, settings });
}

function applyTextEdits(path, edits) {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '';
  writeFileSync(path, TextDocument.applyEdits(TextDocument.create(pathToFileURL(path).href, 'plaintext', 1, text), edits));
}

/** Applies an LSP WorkspaceEdit to files on disk (text edits and file creations). */
export function applyWorkspaceEdit(edit) {
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) applyTextEdits(fileURLToPath(uri), edits);
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind !== 'create') throw new Error(`the demo does not apply ${change.kind} operations`);
      const path = fileURLToPath(change.uri);
      mkdirSync(dirname(path), { recursive: true });
      if (!existsSync(path) || !change.options?.ignoreIfExists) writeFileSync(path, '');
      continue;
    }
    applyTextEdits(fileURLToPath(change.textDocument.uri), change.edits);
  }
}

/**
 * Applies the preferred (else first) quick fix of the first finding of each demo rule, re-linting
 * after every change, until none of those rules has a fixable finding left. Returns the fixes
 * applied, in order. A fix that leaves its own finding in place is not applied twice.
 */
export function applyDemoFixes(dockerfile) {
  const applied = [];
  const tried = new Set();
  for (let round = 0; round < 20; round++) {
    const result = lintFile(dockerfile);
    const next = DEMO_RULES.flatMap((id) => result.findings.filter((f) => f.rule.meta.id === id && f.fixes?.length))
      .find((finding) => !tried.has(`${finding.rule.meta.id}:${finding.message}`));
    if (!next) break;
    tried.add(`${next.rule.meta.id}:${next.message}`);
    const diagnostic = result.diagnostics.find((d) => d.code === next.rule.meta.id && JSON.stringify(d.range) === JSON.stringify(next.range));
    const actions = codeActions(result, { range: next.range, only: ['quickfix'], diagnostics: diagnostic ? [diagnostic] : undefined })
      .filter((action) => action.edit && action.diagnostics?.some((d) => d.code === next.rule.meta.id) && !/^Ignore /.test(action.title));
    const action = actions.find((candidate) => candidate.isPreferred) ?? actions[0];
    if (!action) continue;
    applyWorkspaceEdit(action.edit);
    applied.push({ rule: next.rule.meta.id, title: action.title });
  }
  return applied;
}
