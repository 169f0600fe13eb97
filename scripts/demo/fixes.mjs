// The demo's lint half: lints a Dockerfile with the engine (the same service the language
// server and the CLI call) and applies its quick fixes, one at a time, re-linting after each,
// exactly as a user accepting the lightbulb would.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_LINT_SETTINGS } from '../../common/settings.ts';
import { lintDocument } from '../../server/lint/service.ts';

/** The fixes the articles walk through, in the order they apply them. */
export const DEMO_RULES = ['go-sdk-in-final-stage', 'go-mod-cache-order', 'go-cgo-static-runtime', 'go-build-flags', 'dockerignore-missing'];

export function lintFile(dockerfile) {
  const text = readFileSync(dockerfile, 'utf8');
  const settings = { ...DEFAULT_LINT_SETTINGS, buildContext: dirname(dockerfile) };
  const { findings } = lintDocument({ uri: pathToFileURL(dockerfile).href, text, settings });
  return { text, findings };
}

function applyFix(dockerfile, text, fix) {
  const document = TextDocument.create('file:///Dockerfile', 'dockerfile', 1, text);
  writeFileSync(dockerfile, TextDocument.applyEdits(document, fix.edits));
  for (const file of fix.createFiles ?? []) {
    const target = join(dirname(dockerfile), file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.content);
  }
}

/**
 * Applies the preferred (else first) fix of the first finding of each demo rule, re-linting
 * after every change, until none of those rules has a fixable finding left. Returns the fixes
 * applied, in order. A fix that leaves its own finding in place is applied once only.
 */
export function applyDemoFixes(dockerfile) {
  const applied = [];
  const tried = new Set();
  for (let round = 0; round < 20; round++) {
    const { text, findings } = lintFile(dockerfile);
    const next = DEMO_RULES.flatMap((id) => findings.filter((f) => f.rule.meta.id === id && f.fixes?.length))
      .find((finding) => !tried.has(`${finding.rule.meta.id}:${finding.message}`));
    if (!next) break;
    tried.add(`${next.rule.meta.id}:${next.message}`);
    const fix = next.fixes.find((candidate) => candidate.preferred) ?? next.fixes[0];
    applyFix(dockerfile, text, fix);
    applied.push({ rule: next.rule.meta.id, title: fix.title });
  }
  return applied;
}
