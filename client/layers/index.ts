// Wires the Layers view and the daemon-backed editor features into the extension:
// `registerLayers(context, output)` from client/extension.ts is the only entry point.
import * as vscode from 'vscode';
import type { DockerFailure } from '../../engine/docker/errors';
import { registerEditorIntegration } from '../editor';
import { LocalImages } from '../editor/localImages';
import { createLogger, ErrorNotifier, type FixAction } from '../shell/output';
import { DaemonEventWatcher } from '../shell/daemonEvents';
import { DockerSession } from '../shell/dockerSession';
import { EngineLayersSource } from './engineSource';
import { registerImageActions } from './imageActions';
import type { LayersNode } from './nodes';
import { LayersTreeProvider } from './provider';
import { READ_ONLY_SCHEME, ReadOnlyDocuments } from './readOnlyDocuments';
import { knownDockerfilesFrom, type BuildIntegration } from './knownBuilds';
import { readListSettings, registerViewCommands } from './viewCommands';

/** What `activate` exports for the extension-host tests (and other extensions). */
export interface LayersApi {
  provider: LayersTreeProvider;
  treeView: vscode.TreeView<LayersNode>;
}

/**
 * `build` is the build feature (client/build `registerBuild`'s result): its history says which
 * Dockerfile built an image, its inline figures receive layer sizes after an analysis.
 */
export function registerLayers(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, build?: BuildIntegration): LayersApi {
  const log = createLogger(context, output);
  const notifier = new ErrorNotifier(output);
  const session = new DockerSession();
  const source = new EngineLayersSource(session);
  const documents = new ReadOnlyDocuments();
  const localImages = new LocalImages(() => session.connect().docker);

  const announce = (failure: DockerFailure) => {
    // An unreachable daemon already has the view's welcome content (Retry, Open Settings).
    if (failure.kind === 'unreachable') return;
    const actions: FixAction[] = failure.kind === 'api-too-old' ? ['Show Output']
      : failure.kind === 'config' || failure.kind === 'permission-denied' ? ['Open Settings', 'Retry', 'Show Output']
        : ['Retry', 'Show Output'];
    void notifier.show(failure.message, actions, () => vscode.commands.executeCommand('dockscope.layers.retry'));
  };
  const provider = new LayersTreeProvider(source, { ...readListSettings(), filter: '' }, log, announce);
  const treeView = vscode.window.createTreeView('dockscope.layers', { treeDataProvider: provider, showCollapseAll: true });
  provider.attach(treeView);

  const events = new DaemonEventWatcher(() => session.connect().docker, () => {
    localImages.forget();
    provider.refresh();
  }, log);
  const retry = () => {
    session.reset();
    notifier.reset();
    localImages.forget();
    provider.refresh();
    events.restart();
  };
  const docker = () => session.connect().docker;
  const knownDockerfiles = knownDockerfilesFrom(context, build);

  context.subscriptions.push(
    session, documents, provider, treeView,
    { dispose: () => events.dispose() },
    vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, documents),
    session.onDidChangeEndpoint(retry),
    ...registerViewCommands({ provider, docker, endpoint: () => session.describeEndpoint(), retry, documents, knownDockerfiles, log }),
    ...registerImageActions({ provider, treeView, docker, endpoint: () => session.describeEndpoint(), documents, knownDockerfiles, log, context, inlineFigures: build?.inlineFigures }),
    ...registerEditorIntegration(localImages),
  );
  void vscode.commands.executeCommand('setContext', 'dockscope.layers.filtered', false);
  events.restart();
  return { provider, treeView };
}
