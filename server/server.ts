// The language server: wires LSP requests to the editor-agnostic service, nothing more.
import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LINT_SETTINGS_SECTION } from '../common/protocol';
import { DEFAULT_LINT_SETTINGS, toLintSettings, type LintSettings } from '../common/settings';
import { lint } from './lint/service';
import { VERSION } from '../common/version';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let clientHasConfiguration = false;

connection.onInitialize((params) => {
  clientHasConfiguration = Boolean(params.capabilities.workspace?.configuration);
  return {
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'dockscope', version: VERSION },
  };
});

async function settingsFor(uri: string): Promise<LintSettings> {
  if (!clientHasConfiguration) return DEFAULT_LINT_SETTINGS;
  const [raw] = await connection.workspace.getConfiguration([{ scopeUri: uri, section: LINT_SETTINGS_SECTION }]);
  return toLintSettings(raw);
}

async function validate(document: TextDocument): Promise<void> {
  const settings = await settingsFor(document.uri);
  const diagnostics = lint({ uri: document.uri, text: document.getText(), settings });
  await connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics });
}

documents.onDidChangeContent((event) => void validate(event.document).catch(reportError));
documents.onDidClose((event) => void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] }));
connection.onDidChangeConfiguration(() => {
  for (const document of documents.all()) void validate(document).catch(reportError);
});

function reportError(error: unknown): void {
  connection.console.error(`Dockscope: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
}

documents.listen(connection);
connection.listen();
