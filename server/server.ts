// The language server: wires LSP requests to the editor-agnostic lint service, nothing more.
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind, createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LINT_SETTINGS_SECTION } from '../common/protocol';
import { DEFAULT_LINT_SETTINGS, toLintSettings, type LintSettings } from '../common/settings';
import { VERSION } from '../common/version';
import { codeActions, FIX_ALL_KIND } from '../lint/codeActions';
import { invalidateDiskCache } from '../lint/context/buildContext';
import { hover } from '../lint/hover';
import { lintDocument, type LintResult } from '../lint/service';
import { documentSymbols } from '../lint/symbols';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const settingsByUri = new Map<string, Promise<LintSettings>>();
const results = new Map<string, LintResult>();
const reportedProblems = new Set<string>();
let clientHasConfiguration = false;
let pushedSettings: LintSettings = DEFAULT_LINT_SETTINGS;

connection.onInitialize((params) => {
  clientHasConfiguration = Boolean(params.capabilities.workspace?.configuration);
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
      documentSymbolProvider: true,
    },
    serverInfo: { name: 'dockscope', version: VERSION },
  };
});

function settingsFor(uri: string): Promise<LintSettings> {
  if (!clientHasConfiguration) return Promise.resolve(pushedSettings);
  let settings = settingsByUri.get(uri);
  if (!settings) {
    settings = connection.workspace.getConfiguration([{ scopeUri: uri, section: LINT_SETTINGS_SECTION }])
      .then(([raw]) => toLintSettings(raw), () => DEFAULT_LINT_SETTINGS);
    settingsByUri.set(uri, settings);
  }
  return settings;
}

/** The lint result for the document's current text (re-linted if the text moved on). */
async function resultFor(document: TextDocument): Promise<LintResult> {
  const cached = results.get(document.uri);
  if (cached && cached.text === document.getText()) return cached;
  const settings = await settingsFor(document.uri);
  const result = lintDocument({
    uri: document.uri, text: document.getText(), settings,
    onRuleError: (id, error) => reportError(error, `rule ${id}`),
  });
  results.set(document.uri, result);
  for (const problem of result.config.problems) {
    if (reportedProblems.has(problem)) continue;
    reportedProblems.add(problem);
    connection.console.warn(`Dockscope: ${problem}`);
  }
  return result;
}

async function validate(document: TextDocument): Promise<void> {
  const version = document.version;
  const result = await resultFor(document);
  // A newer edit arrived while settings were fetched: its own validation publishes.
  if (documents.get(document.uri)?.version !== version) return;
  await connection.sendDiagnostics({ uri: document.uri, version, diagnostics: result.diagnostics });
}

function validateAll(): void {
  for (const document of documents.all()) {
    results.delete(document.uri);
    void validate(document).catch((error) => reportError(error, 'validation'));
  }
}

documents.onDidChangeContent((event) => void validate(event.document).catch((error) => reportError(error, 'validation')));
documents.onDidClose((event) => {
  results.delete(event.document.uri);
  settingsByUri.delete(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onDidChangeConfiguration((params) => {
  settingsByUri.clear();
  if (!clientHasConfiguration) pushedSettings = toLintSettings((params.settings as { dockscope?: { lint?: unknown } } | null)?.dockscope?.lint);
  validateAll();
});

connection.onDidChangeWatchedFiles((params) => {
  for (const change of params.changes) {
    try {
      invalidateDiskCache(fileURLToPath(change.uri));
    } catch {
      invalidateDiskCache();
    }
  }
  validateAll();
});

connection.onCodeAction(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  try {
    return codeActions(await resultFor(document), { range: params.range, only: params.context.only, diagnostics: params.context.diagnostics });
  } catch (error) {
    reportError(error, 'code actions');
    return [];
  }
});

connection.onHover(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return null;
  try {
    return hover(await resultFor(document), params.position);
  } catch (error) {
    reportError(error, 'hover');
    return null;
  }
});

connection.onDocumentSymbol(async (params) => {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  try {
    return documentSymbols((await resultFor(document)).model);
  } catch (error) {
    reportError(error, 'document symbols');
    return [];
  }
});

function reportError(error: unknown, what: string): void {
  connection.console.error(`Dockscope (${what}): ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
}

documents.listen(connection);
connection.listen();
