// The language server: wires LSP requests to the editor-agnostic lint service and editing features,
// nothing more.
import { fileURLToPath } from 'node:url';
import {
  BulkRegistration, CodeActionKind, CompletionRequest, createConnection, DefinitionRequest,
  DocumentFormattingRequest, DocumentHighlightRequest, DocumentLinkRequest, DocumentOnTypeFormattingRequest,
  DocumentRangeFormattingRequest, FoldingRangeRequest, MessageType, ProposedFeatures, ShowMessageNotification, ReferencesRequest, RenameRequest,
  SemanticTokensRegistrationType, SignatureHelpRequest, TextDocuments, TextDocumentSyncKind,
  type BulkUnregistration, type ClientCapabilities, type ServerCapabilities,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EDITOR_SETTINGS_SECTION, LINT_SETTINGS_SECTION } from '../common/protocol';
import {
  DEFAULT_EDITOR_SETTINGS, DEFAULT_LINT_SETTINGS, toEditorSettings, toLintSettings, type EditorSettings, type LintSettings,
} from '../common/settings';
import { VERSION } from '../common/version';
import { codeActions, FIX_ALL_KIND } from '../lint/codeActions';
import { invalidateDiskCache } from '../lint/context/buildContext';
import { COMPLETION_TRIGGERS, createEditingService, mergeHovers, SEMANTIC_TOKENS_LEGEND, type EditingService } from '../lint/editing/service';
import { hover } from '../lint/hover';
import { describeHidden, hideNeighbourDuplicates } from '../lint/neighbours';
import { EDITOR_LINT_BUDGET, lintDocument, type LintResult } from '../lint/service';
import { createShellcheckSession } from '../lint/shellcheck/service';
import { documentSymbols } from '../lint/symbols';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const settingsByUri = new Map<string, Promise<LintSettings>>();
/** The lint result of each document's text, and the same with the ShellCheck findings known for it. */
const results = new Map<string, { linted: LintResult; result: LintResult; shellcheckPending: boolean }>();
const reportedProblems = new Set<string>();
const hiddenReported = new Map<string, string>();
let clientHasConfiguration = false;
let pushedSettings: LintSettings = DEFAULT_LINT_SETTINGS;
let pushedEditorSettings: EditorSettings = DEFAULT_EDITOR_SETTINGS;
let editorSettings: EditorSettings = DEFAULT_EDITOR_SETTINGS;
let editing: EditingService = createEditingService({});
/** The client registers and drops the editing features as the setting changes (else they are static). */
let dynamicEditing = false;
let editingRegistration: Promise<BulkUnregistration | null> = Promise.resolve(null);

const DOCUMENT_SELECTOR = [{ language: 'dockerfile' }];
/** ShellCheck runs once typing pauses, off the path of the ordinary diagnostics. */
const shellcheck = createShellcheckSession({
  delayMs: 400, timeoutMs: 20_000, settingName: 'dockscope.shellcheck.path',
  log: (line) => connection.console.info(`Dockscope: ${line}`),
});
const ON_TYPE_FORMATTING = { firstTriggerCharacter: '\\', moreTriggerCharacter: ['`'] };

connection.onInitialize((params) => {
  clientHasConfiguration = Boolean(params.capabilities.workspace?.configuration);
  dynamicEditing = supportsDynamicEditing(params.capabilities);
  const text = params.capabilities.textDocument;
  editing = createEditingService({
    completion: { completionItem: text?.completion?.completionItem },
    hover: { contentFormat: text?.hover?.contentFormat },
    foldingRange: { lineFoldingOnly: text?.foldingRange?.lineFoldingOnly, rangeLimit: text?.foldingRange?.rangeLimit },
  }, (message) => connection.console.log(`Dockscope (editing features): ${message}`));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      hoverProvider: true,
      documentSymbolProvider: true,
      ...(dynamicEditing ? {} : EDITING_CAPABILITIES),
    },
    serverInfo: { name: 'dockscope', version: VERSION },
  };
});

/** The editing features when declared at once (a client without dynamic registration); they answer only while on. */
const EDITING_CAPABILITIES: ServerCapabilities = {
  completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: true },
  signatureHelpProvider: { triggerCharacters: [' ', '=', '-'] },
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
  documentOnTypeFormattingProvider: ON_TYPE_FORMATTING,
  renameProvider: { prepareProvider: true },
  referencesProvider: true,
  documentHighlightProvider: true,
  definitionProvider: true,
  documentLinkProvider: { resolveProvider: false },
  foldingRangeProvider: true,
  semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
};

function supportsDynamicEditing(capabilities: ClientCapabilities): boolean {
  const text = capabilities.textDocument;
  return [
    text?.completion, text?.signatureHelp, text?.formatting, text?.rangeFormatting, text?.onTypeFormatting, text?.rename,
    text?.references, text?.documentHighlight, text?.definition, text?.documentLink, text?.foldingRange, text?.semanticTokens,
  ].every((feature) => feature?.dynamicRegistration === true);
}

connection.onInitialized(() => void applyEditorSettings());

/** Reads the editing features' setting and (un)registers them to match; calls run one after another. */
function applyEditorSettings(): Promise<void> {
  const next = editingRegistration.then(async (registered) => {
    editorSettings = clientHasConfiguration
      ? await connection.workspace.getConfiguration({ section: EDITOR_SETTINGS_SECTION }).then(toEditorSettings, () => DEFAULT_EDITOR_SETTINGS)
      : pushedEditorSettings;
    if (!dynamicEditing) return registered;
    if (editorSettings.languageFeatures && !registered) return connection.client.register(editingRegistrations());
    if (!editorSettings.languageFeatures && registered) {
      registered.dispose();
      return null;
    }
    return registered;
  });
  editingRegistration = next.catch((error) => {
    reportError(error, 'editing features registration');
    return null;
  });
  return editingRegistration.then(() => undefined);
}

function editingRegistrations(): BulkRegistration {
  const registrations = BulkRegistration.create();
  const documentSelector = DOCUMENT_SELECTOR;
  registrations.add(CompletionRequest.type, { documentSelector, triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: true });
  registrations.add(SignatureHelpRequest.type, { documentSelector, triggerCharacters: [' ', '=', '-'] });
  registrations.add(DocumentFormattingRequest.type, { documentSelector });
  registrations.add(DocumentRangeFormattingRequest.type, { documentSelector });
  registrations.add(DocumentOnTypeFormattingRequest.type, { documentSelector, ...ON_TYPE_FORMATTING });
  registrations.add(RenameRequest.type, { documentSelector, prepareProvider: true });
  registrations.add(ReferencesRequest.type, { documentSelector });
  registrations.add(DocumentHighlightRequest.type, { documentSelector });
  registrations.add(DefinitionRequest.type, { documentSelector });
  registrations.add(DocumentLinkRequest.type, { documentSelector, resolveProvider: false });
  registrations.add(FoldingRangeRequest.type, { documentSelector });
  registrations.add(SemanticTokensRegistrationType.type, { documentSelector, legend: SEMANTIC_TOKENS_LEGEND, full: true });
  return registrations;
}

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
  return (await lintedFor(document)).result;
}

async function lintedFor(document: TextDocument): Promise<{ linted: LintResult; result: LintResult; shellcheckPending: boolean }> {
  const cached = results.get(document.uri);
  if (cached && cached.linted.text === document.getText()) return cached;
  const settings = await settingsFor(document.uri);
  const { result: linted, hidden } = hideNeighbourDuplicates(lintDocument({
    uri: document.uri, text: document.getText(), settings, budget: EDITOR_LINT_BUDGET,
    onRuleError: (id, error) => reportError(error, `rule ${id}`),
  }), settings);
  reportHidden(document.uri, describeHidden(hidden));
  const annotated = await shellcheck.annotate(linted);
  const entry = { linted, result: annotated.result, shellcheckPending: annotated.pending };
  results.set(document.uri, entry);
  for (const problem of linted.config.problems) {
    if (reportedProblems.has(problem)) continue;
    reportedProblems.add(problem);
    // A broken config silently changes what is reported: said once where the user sees it, not
    // only in the log.
    connection.console.warn(`Dockscope: ${problem}`);
    // A notification (the request form would wait for, and could fail on, the user's answer).
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Dockscope: ${problem}` });
  }
  return entry;
}

/** Says in the Output channel what was hidden as a neighbour's duplicate, when that changes. */
function reportHidden(uri: string, lines: string[]): void {
  const summary = lines.join(' ');
  if ((hiddenReported.get(uri) ?? '') === summary) return;
  hiddenReported.set(uri, summary);
  const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  for (const line of lines) connection.console.info(`Dockscope: ${name}: ${line}`);
}

async function validate(document: TextDocument): Promise<void> {
  const version = document.version;
  // Let messages already received run first: edits typed meanwhile make this lint pointless (the
  // newest one's validation lints once), and other documents' requests are not held behind it.
  await new Promise((resolve) => setImmediate(resolve));
  if (documents.get(document.uri)?.version !== version) return;
  const entry = await lintedFor(document);
  // A newer edit arrived while settings were fetched: its own validation publishes.
  if (documents.get(document.uri)?.version !== version) return;
  await connection.sendDiagnostics({ uri: document.uri, version, diagnostics: entry.result.diagnostics });
  if (!entry.shellcheckPending) return;
  // ShellCheck's findings for the scripts it had not seen, published with the rest once known.
  if (!(await shellcheck.schedule(entry.linted))) return;
  if (documents.get(document.uri)?.version !== version || results.get(document.uri) !== entry) return;
  const annotated = await shellcheck.annotate(entry.linted);
  if (documents.get(document.uri)?.version !== version || results.get(document.uri) !== entry) return;
  results.set(document.uri, { linted: entry.linted, result: annotated.result, shellcheckPending: annotated.pending });
  await connection.sendDiagnostics({ uri: document.uri, version, diagnostics: annotated.result.diagnostics });
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
  shellcheck.forget(event.document.uri);
  settingsByUri.delete(event.document.uri);
  hiddenReported.delete(event.document.uri);
  void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
});

connection.onDidChangeConfiguration((params) => {
  settingsByUri.clear();
  const pushed = (params.settings as { dockscope?: { lint?: unknown; editor?: unknown } } | null)?.dockscope;
  if (!clientHasConfiguration) {
    pushedSettings = toLintSettings(pushed?.lint);
    pushedEditorSettings = toEditorSettings(pushed?.editor);
  }
  void applyEditorSettings();
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
    const result = await resultFor(document);
    const ours = hover(result, params.position);
    return editorSettings.languageFeatures ? mergeHovers(ours, editing.hoverDocs(result.model, params.position)) : ours;
  } catch (error) {
    reportError(error, 'hover');
    return null;
  }
});

/**
 * An editing feature's handler: the document's text in, the editing service's answer out; `empty`
 * while the features are off (a client without dynamic registration still asks) or on failure.
 * The text is what the lint read: on a file over the lint budget, its first part (a feature that
 * works on the whole document, `whole`, then gives no answer rather than half a rename or format).
 */
function editingHandler<P extends { textDocument: { uri: string } }, R>(
  what: string, empty: R, answer: (text: string, document: TextDocument, params: P) => R | Promise<R>, whole = false,
) {
  return async (params: P): Promise<R> => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !editorSettings.languageFeatures) return empty;
    try {
      const result = await resultFor(document);
      if (whole && result.cut) return empty;
      return await answer(result.model.text, document, params);
    } catch (error) {
      reportError(error, what);
      return empty;
    }
  };
}

// The lint's model of this text (usually there already: the edit was linted before the request).
connection.onCompletion(editingHandler('completion', [], async (_text, document, params) => editing.completion((await resultFor(document)).model, params.position)));
connection.onCompletionResolve((item) => {
  try {
    return editing.resolveCompletion(item);
  } catch (error) {
    reportError(error, 'completion resolve');
    return item;
  }
});
connection.onSignatureHelp(editingHandler('signature help', null, (text, _document, params) => editing.signatureHelp(text, params.position)));
connection.onDocumentFormatting(editingHandler('formatting', [], (text, _document, params) => editing.format(text, params.options), true));
connection.onDocumentRangeFormatting(editingHandler('range formatting', [], (text, _document, params) => editing.formatRange(text, params.range, params.options)));
connection.onDocumentOnTypeFormatting(editingHandler('on-type formatting', [], (text, _document, params) => editing.formatOnType(text, params.position, params.ch, params.options)));
connection.onPrepareRename(editingHandler('prepare rename', null, (text, _document, params) => editing.prepareRename(text, params.position), true));
connection.onRenameRequest(editingHandler('rename', null, (text, document, params) => {
  const edits = editing.rename(document.uri, text, params.position, params.newName);
  return edits.length ? { changes: { [document.uri]: edits } } : null;
}, true));
connection.onReferences(editingHandler('references', [], (text, document, params) =>
  editing.references(document.uri, text, params.position, params.context.includeDeclaration)));
connection.onDocumentHighlight(editingHandler('highlights', [], (text, _document, params) => editing.highlights(text, params.position)));
connection.onDefinition(editingHandler('definition', null, (text, document, params) => editing.definition(document.uri, text, params.position)));
connection.onDocumentLinks(editingHandler('document links', [], (text) => editing.links(text)));
connection.onFoldingRanges(editingHandler('folding ranges', [], (text) => editing.folding(text)));
connection.languages.semanticTokens.on(editingHandler('semantic tokens', { data: [] }, (text) => editing.semanticTokens(text)));

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
