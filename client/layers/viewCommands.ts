// Commands of the Layers view itself: refresh and retry, sort, filter, dangling images, copy ID,
// remove (trusted workspaces only, with a modal confirmation) and open a layer's source.
import type Docker from 'dockerode';
import * as vscode from 'vscode';
import { formatBytes, formatCount, shortId } from '../../common/format';
import { SORT_ORDERS, type SortOrder } from '../../common/settings';
import { classifyDockerError, EDITOR_WORDS } from '../../engine/docker/errors';
import type { Logger } from '../shell/logger';
import { affectsSettings, readSettings, updateSetting } from '../shell/settings';
import { imageLabel, usableTags, type ImageEntry } from './imageList';
import type { KnownDockerfiles } from './knownBuilds';
import { ImageNode, LayerNode } from './nodes';
import { openLayerSource } from './openSource';
import type { LayersTreeProvider } from './provider';
import type { ReadOnlyDocuments } from './readOnlyDocuments';

export interface ViewCommandDeps {
  provider: LayersTreeProvider;
  docker: () => Docker;
  endpoint: () => string;
  retry: () => void;
  documents: ReadOnlyDocuments;
  knownDockerfiles: KnownDockerfiles;
  log: Logger;
}

const SORT_LABELS: Record<SortOrder, string> = { size: 'Size (largest first)', name: 'Name (A–Z)', created: 'Created (newest first)' };

export function registerViewCommands(deps: ViewCommandDeps): vscode.Disposable[] {
  const { provider, log } = deps;
  const setFilter = async (filter: string) => {
    provider.options = { ...provider.options, filter };
    await vscode.commands.executeCommand('setContext', 'dockscope.layers.filtered', filter.length > 0);
    provider.rerender();
  };
  return [
    vscode.commands.registerCommand('dockscope.layers.refresh', () => provider.refresh()),
    vscode.commands.registerCommand('dockscope.layers.retry', () => deps.retry()),
    vscode.commands.registerCommand('dockscope.layers.sort', async () => {
      const picked = await vscode.window.showQuickPick(
        SORT_ORDERS.map((order) => ({ label: SORT_LABELS[order], order, picked: order === provider.options.sortBy,
          description: order === provider.options.sortBy ? 'current' : undefined })),
        { title: 'Sort images by' },
      );
      if (picked) await updateSetting('layers.sortBy', picked.order);
    }),
    vscode.commands.registerCommand('dockscope.layers.filter', async () => {
      const filter = await vscode.window.showInputBox({
        title: 'Filter images', value: provider.options.filter,
        prompt: 'Part of a tag or an image ID prefix; empty shows all images',
      });
      if (filter !== undefined) await setFilter(filter.trim());
    }),
    vscode.commands.registerCommand('dockscope.layers.clearFilter', () => setFilter('')),
    vscode.commands.registerCommand('dockscope.layers.toggleDangling', () => updateSetting('layers.showDangling', !provider.options.showDangling)),
    vscode.commands.registerCommand('dockscope.layers.copyId', async (node?: ImageNode) => {
      if (!(node instanceof ImageNode)) return;
      await vscode.env.clipboard.writeText(node.image.id);
      void vscode.window.setStatusBarMessage(`Copied ${shortId(node.image.id)}`, 3000);
    }),
    vscode.commands.registerCommand('dockscope.layers.remove', (node?: ImageNode) =>
      node instanceof ImageNode ? removeImage(node.image, deps) : undefined),
    vscode.commands.registerCommand('dockscope.layers.openSource', async (node?: LayerNode) => {
      if (!(node instanceof LayerNode)) return;
      try {
        await openLayerSource(node.image, node.layer, deps.knownDockerfiles, deps.documents);
      } catch (error) {
        log.error(`Opening the source of layer ${node.layer.index} failed`, error);
        void vscode.window.showErrorMessage(`Dockscope: could not open the source of this layer: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsSettings(event, 'layers')) return;
      provider.options = { ...provider.options, ...readSettings().layers };
      provider.rerender();
    }),
  ];
}

/**
 * Removes an image the way `docker rmi <tag>` does for each of its tags (or by ID when
 * dangling), never forced: an image a container still uses stays, and the daemon says why.
 */
async function removeImage(image: ImageEntry, deps: ViewCommandDeps): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Dockscope does not remove images in an untrusted workspace. Trust the workspace to enable it.');
    return;
  }
  const tags = usableTags(image);
  const what = tags.length > 1 ? `${imageLabel(image)} and its ${formatCount(tags.length - 1, 'other tag')}` : imageLabel(image);
  const answer = await vscode.window.showWarningMessage(
    `Remove ${what} (${formatBytes(image.sizeBytes)}) from the Docker daemon?`,
    { modal: true, detail: `Image ${shortId(image.id)} at ${deps.endpoint()}. Containers using it keep it alive; nothing is forced.` },
    'Remove',
  );
  if (answer !== 'Remove') return;
  try {
    const docker = deps.docker();
    for (const reference of tags.length ? tags : [image.id]) {
      await docker.getImage(reference).remove();
      deps.log.info(`Removed ${reference}`);
    }
  } catch (error) {
    const failure = classifyDockerError(error, { words: EDITOR_WORDS, endpoint: deps.endpoint(), image: imageLabel(image) });
    deps.log.error(`Removing ${imageLabel(image)} failed`, failure.detail);
    void vscode.window.showErrorMessage(`Dockscope: could not remove ${imageLabel(image)}: ${failure.detail}`);
  } finally {
    deps.provider.refresh();
  }
}
