// Drives the built language server (dist/server.js) as a real LSP peer over stdio.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter,
  InitializeRequest, DidOpenTextDocumentNotification, DidChangeTextDocumentNotification,
  PublishDiagnosticsNotification, ExitNotification, ShutdownRequest, InitializedNotification,
  ConfigurationRequest, DidChangeConfigurationNotification, RegistrationRequest, UnregistrationRequest,
  type ClientCapabilities, type Registration, type ProtocolConnection, type PublishDiagnosticsParams, type InitializeResult,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const SERVER_PATH = path.resolve(__dirname, '../../dist/server.js');

export interface LspPeer {
  connection: ProtocolConnection;
  initializeResult: InitializeResult;
  /** Settings the peer answers `workspace/configuration` with (per section). */
  configuration: Record<string, unknown>;
  /** What the server registered dynamically (`client/registerCapability`), by method; dropped on unregister. */
  registrations: Map<string, Registration>;
  /** Resolves when the next (un)registration arrives. */
  nextRegistrationChange(): Promise<void>;
  /** `timeoutMs`: how long to wait for the diagnostics (10 s unless told; huge inputs take longer). */
  open(uri: string, text: string, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<PublishDiagnosticsParams>;
  /** Resolves with the next diagnostics published for `uri` (optionally for a given version). */
  nextDiagnostics(uri: string, version?: number, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  changeConfiguration(): Promise<void>;
  close(): Promise<void>;
}

export interface LspPeerOptions {
  configuration?: Record<string, unknown>;
  /** `textDocument` client capabilities (e.g. snippet support, dynamic registration). */
  textDocument?: ClientCapabilities['textDocument'];
}

export async function startLspPeer(options: LspPeerOptions = {}): Promise<LspPeer> {
  const child: ChildProcess = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: Array<{ uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  const peer = {} as LspPeer;
  peer.configuration = options.configuration ?? {};
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const index = waiters.findIndex((w) => w.uri === params.uri && (w.version === undefined || w.version === params.version));
    if (index >= 0) waiters.splice(index, 1)[0].resolve(params);
  });
  connection.onRequest(ConfigurationRequest.type, (params) => params.items.map((item) => peer.configuration[item.section ?? ''] ?? null));
  peer.registrations = new Map();
  let registrationWaiters: Array<() => void> = [];
  const registrationChanged = () => {
    for (const resolve of registrationWaiters) resolve();
    registrationWaiters = [];
  };
  peer.nextRegistrationChange = () => new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no (un)registration within 10 s')), 10_000);
    registrationWaiters.push(() => { clearTimeout(timer); resolve(); });
  });
  connection.onRequest(RegistrationRequest.type, (params) => {
    for (const registration of params.registrations) peer.registrations.set(registration.method, registration);
    registrationChanged();
  });
  connection.onRequest(UnregistrationRequest.type, (params) => {
    for (const unregistration of params.unregisterations) peer.registrations.delete(unregistration.method);
    registrationChanged();
  });
  connection.listen();
  const initializeResult = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      workspace: { configuration: true },
      textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true }, ...options.textDocument },
    },
  });
  await connection.sendNotification(InitializedNotification.type, {});
  Object.assign(peer, {
    connection,
    initializeResult,
    nextDiagnostics(uri: string, version?: number, timeoutMs = 10_000) {
      return new Promise<PublishDiagnosticsParams>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs / 1000} s`)), timeoutMs);
        waiters.push({ uri, version, resolve: (p) => { clearTimeout(timer); resolve(p); } });
      });
    },
    async open(uri: string, text: string, timeoutMs?: number) {
      const diagnostics = peer.nextDiagnostics(uri, 1, timeoutMs);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'dockerfile', version: 1, text } });
      return diagnostics;
    },
    async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]) {
      const diagnostics = peer.nextDiagnostics(uri, version);
      await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
      return diagnostics;
    },
    async changeConfiguration() {
      await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
    },
    async close() {
      await connection.sendRequest(ShutdownRequest.type);
      await connection.sendNotification(ExitNotification.type);
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => { child.kill(); resolve(); }, 2_000);
        child.once('exit', () => { clearTimeout(timer); resolve(); });
      });
      connection.dispose();
    },
  });
  return peer;
}
