// The Layers view's data: images from the daemon, their layers, and analysis results once an
// image was analyzed. Every daemon failure becomes a message row (or, for an unreachable
// daemon, the declared welcome view through `dockscope.docker.state`); nothing here throws.
import * as vscode from 'vscode';
import type { EfficiencyFigures } from '../../engine/docker/compare';
import type { DockerFailure } from '../../engine/docker/errors';
import type { Logger } from '../shell/logger';
import { hiddenCount, imageLabel, selectImages, type ImageEntry, type ListOptions } from './imageList';
import { buildLayerRows, type ImageLayers } from './layerRows';
import {
  BaseGroupNode, DetailNode, HintNode, ImageNode, LayerNode, MessageNode, MetadataGroupNode, type LayersNode,
} from './nodes';
import type { LayersSource } from './source';

export type DockerState = 'unreachable' | 'empty' | 'ok';

/** Relative ages ("5 minutes ago") are redrawn this often while the view is visible. */
const AGE_REFRESH_MS = 30_000;

/** Analysis output already shaped as rows: a summary under the image, file trees under layers. */
export interface AnalysisView {
  summary: DetailNode[];
  perLayer: Map<number, DetailNode[]>;
  /** The image's efficiency figures, reused by Compare. */
  efficiency: EfficiencyFigures;
  /** Exact size of each layer, for the inline figures when the analysis is shown again. */
  layerSizes: ReadonlyArray<{ index: number; sizeBytes: number }>;
}

/** What the last root load saw; tests and the status line read it. */
export interface RootSnapshot {
  state: DockerState;
  images: ImageEntry[];
  failure?: DockerFailure;
}

export class LayersTreeProvider implements vscode.TreeDataProvider<LayersNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<LayersNode | undefined | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly loaded = new vscode.EventEmitter<RootSnapshot>();
  /** Fires after each load of the image list, successful or not. */
  readonly onDidLoad = this.loaded.event;

  private images: Promise<ImageEntry[]> | undefined;
  private readonly layers = new Map<string, Promise<ImageLayers>>();
  private readonly analyses = new Map<string, AnalysisView>();
  private view: vscode.TreeView<LayersNode> | undefined;
  private state: DockerState | undefined;
  private ageTimer: NodeJS.Timeout | undefined;
  snapshot: RootSnapshot = { state: 'ok', images: [] };

  constructor(
    private readonly source: LayersSource,
    public options: ListOptions,
    private readonly log: Logger,
    private readonly onFailure: (failure: DockerFailure) => void,
  ) {}

  attach(view: vscode.TreeView<LayersNode>): void {
    this.view = view;
    // Redrawn from the cached list: no request to the daemon.
    this.ageTimer = setInterval(() => { if (view.visible && this.snapshot.state === 'ok') this.rerender(); }, AGE_REFRESH_MS);
  }

  /** Re-reads everything from the daemon. */
  refresh(): void {
    this.images = undefined;
    this.layers.clear();
    this.changed.fire();
  }

  /** Re-renders with new sort/filter options, without asking the daemon again. */
  rerender(): void {
    this.changed.fire();
  }

  setAnalysis(imageId: string, analysis: AnalysisView): void {
    this.analyses.set(imageId, analysis);
    this.changed.fire();
  }

  analysisOf(imageId: string): AnalysisView | undefined {
    return this.analyses.get(imageId);
  }

  /** A root row for `image`, e.g. to reveal it. */
  imageNode(image: ImageEntry): ImageNode {
    return new ImageNode(image, Date.now(), this.source.describeEndpoint(), this.analyses.has(image.id));
  }

  /** Layers of an image, cached until the next refresh (shared with open-source and compare). */
  loadLayers(image: ImageEntry): Promise<ImageLayers> {
    let layers = this.layers.get(image.id);
    if (!layers) {
      layers = this.source.getLayers(image);
      this.layers.set(image.id, layers);
      layers.catch(() => this.layers.delete(image.id));
    }
    return layers;
  }

  /** The image list, cached until the next refresh. */
  loadImages(): Promise<ImageEntry[]> {
    this.images ??= this.source.listImages();
    return this.images;
  }

  getTreeItem(element: LayersNode): vscode.TreeItem {
    return element;
  }

  getParent(): LayersNode | undefined {
    // Only images are revealed, and they sit at the root.
    return undefined;
  }

  async getChildren(element?: LayersNode): Promise<LayersNode[]> {
    if (!element) return this.rootChildren();
    if (element instanceof ImageNode) return this.imageChildren(element);
    if (element instanceof BaseGroupNode || element instanceof MetadataGroupNode) {
      return element.layers.map((layer) => this.layerNode(element.image, layer));
    }
    if (element instanceof LayerNode) return this.analyses.get(element.image.id)?.perLayer.get(element.layer.index) ?? [];
    if (element instanceof DetailNode) return element.children();
    return [];
  }

  private async rootChildren(): Promise<LayersNode[]> {
    const endpoint = this.source.describeEndpoint();
    try {
      const all = await this.loadImages();
      this.publish({ state: all.length ? 'ok' : 'empty', images: all });
      this.describe(endpoint, all);
      if (all.length === 0) return [];
      const shown = selectImages(all, this.options);
      if (shown.length === 0) {
        return [new HintNode('No image matches the filter or all images are dangling.', { command: 'dockscope.layers.clearFilter', title: 'Clear Filter' })];
      }
      const now = Date.now();
      return shown.map((image) => new ImageNode(image, now, endpoint, this.analyses.has(image.id)));
    } catch (error) {
      this.images = undefined;
      const failure = this.source.classify(error);
      this.log.warn(`Listing images failed (${failure.kind}): ${failure.detail}`);
      this.publish({ state: 'unreachable', images: [], failure });
      if (this.view) {
        this.view.description = endpoint;
        // Above the welcome content (Retry, Open Settings): the endpoint and the reason, in settings' words.
        this.view.message = failure.kind === 'unreachable' ? failure.message : undefined;
      }
      this.onFailure(failure);
      // An unreachable daemon gets the declared welcome view (Retry / Open Settings); any other
      // failure is spelled out in a message row with Retry.
      return failure.kind === 'unreachable' ? [] : [new MessageNode(failure.message, failure.detail)];
    }
  }

  private async imageChildren(node: ImageNode): Promise<LayersNode[]> {
    try {
      const image = await this.loadLayers(node.image);
      const rows = buildLayerRows(image).map((row): LayersNode => {
        if (row.kind === 'base') return new BaseGroupNode(image, row.ref, row.layers, row.sizeBytes);
        if (row.kind === 'metadata') return new MetadataGroupNode(image, row.layers);
        return this.layerNode(image, row.layer);
      });
      return [...(this.analyses.get(image.id)?.summary ?? []), ...rows];
    } catch (error) {
      const failure = this.source.classify(error, imageLabel(node.image));
      this.log.warn(`Reading layers of ${imageLabel(node.image)} failed (${failure.kind}): ${failure.detail}`);
      // The image vanished (removed or retagged): the list is stale, reload it.
      if (failure.kind === 'image-not-found') this.images = undefined;
      return [new MessageNode(failure.message, failure.detail)];
    }
  }

  private layerNode(image: ImageLayers, layer: ImageLayers['layers'][number]): LayerNode {
    const details = this.analyses.get(image.id)?.perLayer.get(layer.index);
    return new LayerNode(image, layer, Boolean(details?.length));
  }

  private publish(snapshot: RootSnapshot): void {
    this.snapshot = snapshot;
    if (snapshot.state !== this.state) {
      this.state = snapshot.state;
      void vscode.commands.executeCommand('setContext', 'dockscope.docker.state', snapshot.state);
    }
    this.loaded.fire(snapshot);
  }

  /**
   * The endpoint and what the options hide, in the view's message (the title's description is
   * not shown when the view fills its container). No message while empty, so the welcome shows.
   */
  private describe(endpoint: string, all: ImageEntry[]): void {
    if (!this.view) return;
    this.view.description = endpoint;
    if (all.length === 0) {
      this.view.message = undefined;
      return;
    }
    const hidden = hiddenCount(all, this.options);
    const notes = [`Docker: ${endpoint}.`];
    if (this.options.filter) notes.push(`Filter "${this.options.filter}": ${hidden.filtered} hidden.`);
    if (hidden.dangling) notes.push(`${hidden.dangling} dangling hidden.`);
    this.view.message = notes.join(' ');
  }

  dispose(): void {
    clearInterval(this.ageTimer);
    this.changed.dispose();
    this.loaded.dispose();
  }
}
