// Wires the Layers view into the extension: `registerLayers(context, shell, build)` from
// client/extension.ts is the only entry point.
import * as vscode from 'vscode';
import type { DockerFailure } from '../../engine/docker/errors';
import type { FixAction } from '../shell/output';
import type { Shell } from '../shell/shell';
import { readSettings } from '../shell/settings';
import { registerImageActions } from './imageActions';
import { knownDockerfilesFrom, type BuildIntegration } from './knownBuilds';
import type { LayersNode } from './nodes';
import { EngineLayersSource } from './engineSource';
import { LayersTreeProvider } from './provider';
import { READ_ONLY_SCHEME, ReadOnlyDocuments } from './readOnlyDocuments';
import { registerViewCommands } from './viewCommands';

/** What `activate` exports for the extension-host tests (and other extensions). */
export interface LayersApi {
  provider: LayersTreeProvider;
  treeView: vscode.TreeView<LayersNode>;
}

/**
 * `build` is what the build feature offers (passed in by client/extension.ts): its history says
 * which Dockerfile built an image, its inline figures receive layer sizes after an analysis.
 */
export function registerLayers(context: vscode.ExtensionContext, shell: Shell, build?: BuildIntegration): LayersApi {
  const { log, notifier, docker: session } = shell;
  const source = new EngineLayersSource(session);
  const documents = new ReadOnlyDocuments();

  const announce = (failure: DockerFailure) => {
    // An unreachable daemon already has the view's welcome content (Retry, Open Settings).
    if (failure.kind === 'unreachable') return;
    const actions: FixAction[] = failure.kind === 'api-too-old' ? ['Show Output']
      : failure.kind === 'config' || failure.kind === 'permission-denied' ? ['Open Settings', 'Retry', 'Show Output']
        : ['Retry', 'Show Output'];
    void notifier.show(failure.message, actions, () => vscode.commands.executeCommand('dockscope.layers.retry'));
  };
  const provider = new LayersTreeProvider(source, { ...readSettings().layers, filter: '' }, log, announce);
  const treeView = vscode.window.createTreeView('dockscope.layers', { treeDataProvider: provider, showCollapseAll: true });
  provider.attach(treeView);

  const docker = () => session.connect().docker;
  const endpoint = () => session.describeEndpoint();
  const knownDockerfiles = knownDockerfilesFrom(build);

  context.subscriptions.push(
    documents, provider, treeView,
    vscode.workspace.registerTextDocumentContentProvider(READ_ONLY_SCHEME, documents),
    session.onDidChangeImages(() => provider.refresh()),
    // Lost or back: read the list again, which shows the welcome state with the reason, or the images.
    session.onDidChangeLiveness((liveness) => {
      log.info(liveness.reachable ? 'Docker daemon reachable' : `Docker daemon lost: ${liveness.failure.message}`);
      if (liveness.reachable) notifier.reset();
      provider.refresh();
    }),
    session.onDidReconnect(() => {
      notifier.reset();
      provider.refresh();
    }),
    ...registerViewCommands({ provider, docker, endpoint, retry: () => session.retry(), documents, knownDockerfiles, log }),
    ...registerImageActions({ provider, treeView, docker, endpoint, documents, knownDockerfiles, log, inlineFigures: build?.inlineFigures, history: build?.history }),
  );
  void vscode.commands.executeCommand('setContext', 'dockscope.layers.filtered', false);
  return { provider, treeView };
}
