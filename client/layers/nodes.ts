// One class per kind of row in the Layers view. Each is a TreeItem carrying the data its
// commands need; the provider decides their children.
import * as vscode from 'vscode';
import type { Row } from './analysisRows';
import { formatAge, formatBytes, formatShare, shareBar, shortId } from '../../common/format';
import { imageLabel, usableTags, type ImageEntry } from './imageList';
import { metadataSummary, oneLine, type ImageLayers, type LayerEntry } from './layerRows';
import { formatCount } from '../../common/format';

const DIMMED = new vscode.ThemeColor('disabledForeground');

/** An error with a Retry action (contextValue `message` carries the inline Retry button). */
export class MessageNode extends vscode.TreeItem {
  constructor(message: string, detail: string) {
    super(message, vscode.TreeItemCollapsibleState.None);
    this.contextValue = 'message';
    this.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    this.tooltip = detail && detail !== message ? `${message}\n\n${detail}\n\nClick to retry.` : `${message}\n\nClick to retry.`;
    this.command = { command: 'dockscope.layers.retry', title: 'Retry' };
  }
}

/** A neutral note, e.g. "No image matches the filter" (clicking it runs `command`). */
export class HintNode extends vscode.TreeItem {
  constructor(text: string, command?: vscode.Command) {
    super(text, vscode.TreeItemCollapsibleState.None);
    this.contextValue = 'hint';
    this.iconPath = new vscode.ThemeIcon('info');
    this.command = command;
  }
}

export class ImageNode extends vscode.TreeItem {
  constructor(readonly image: ImageEntry, now: number, endpoint: string, analyzed: boolean) {
    super(imageLabel(image), vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `image:${image.id}`;
    this.contextValue = 'image';
    this.description = `${formatBytes(image.sizeBytes)} · ${formatAge(image.created, now)}${analyzed ? ' · analyzed' : ''}`;
    this.iconPath = new vscode.ThemeIcon(usableTags(image).length ? 'package' : 'question');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${escapeMarkdown(imageLabel(image))}**\n\n`);
    tooltip.appendMarkdown(`- ID: \`${shortId(image.id)}\`\n- Size: ${formatBytes(image.sizeBytes)}\n`);
    tooltip.appendMarkdown(`- Created: ${image.created ? new Date(image.created).toISOString() : 'unknown'}\n`);
    const others = usableTags(image).slice(1);
    if (others.length) tooltip.appendMarkdown(`- Also tagged: ${others.map(escapeMarkdown).join(', ')}\n`);
    tooltip.appendMarkdown(`- Daemon: ${escapeMarkdown(endpoint)}`);
    this.tooltip = tooltip;
  }
}

export class BaseGroupNode extends vscode.TreeItem {
  constructor(readonly image: ImageLayers, readonly ref: string, readonly layers: LayerEntry[], sizeBytes: number) {
    super(`Base image ${ref}`, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `base:${image.id}`;
    this.contextValue = 'baseImage';
    this.description = `${formatBytes(sizeBytes)} (${formatShare(sizeBytes, image.sizeBytes)}) · ${formatCount(layers.length, 'layer')}`;
    this.iconPath = new vscode.ThemeIcon('layers');
    this.tooltip = `${formatCount(layers.length, 'layer')} inherited from ${ref} (FROM), ${formatBytes(sizeBytes)}.`;
  }
}

export class MetadataGroupNode extends vscode.TreeItem {
  constructor(readonly image: ImageLayers, readonly layers: LayerEntry[]) {
    super(metadataSummary(layers), vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `metadata:${image.id}:${layers[0].index}`;
    this.contextValue = 'metadataGroup';
    this.description = '0 B';
    this.iconPath = new vscode.ThemeIcon('symbol-property', DIMMED);
    this.tooltip = 'Instructions that change only the image configuration, not its files.';
  }
}

export class LayerNode extends vscode.TreeItem {
  constructor(readonly image: ImageLayers, readonly layer: LayerEntry, expandable: boolean) {
    super(layer.empty ? '0 B' : `${formatBytes(layer.sizeBytes)} · ${formatShare(layer.sizeBytes, image.sizeBytes)}`,
      expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.id = `layer:${image.id}:${layer.index}`;
    this.contextValue = 'layer';
    this.description = oneLine(layer.createdBy);
    this.iconPath = layer.empty
      ? new vscode.ThemeIcon('circle-outline', DIMMED)
      : new vscode.ThemeIcon('circle-filled');
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**Layer ${layer.index}** — ${formatBytes(layer.sizeBytes)} (${formatShare(layer.sizeBytes, image.sizeBytes)} of the image)\n\n`);
    if (!layer.empty) tooltip.appendCodeblock(shareBar(layer.sizeBytes, image.sizeBytes, 30), 'text');
    tooltip.appendCodeblock(layer.createdBy, 'dockerfile');
    if (layer.digest) tooltip.appendMarkdown(`\n\`${layer.digest}\``);
    this.tooltip = tooltip;
    this.command = { command: 'dockscope.layers.openSource', title: 'Open Instruction Source', arguments: [this] };
  }
}

/** A row of analysis output (a file, a folder, a wasted path or a summary line). */
export class DetailNode extends vscode.TreeItem {
  constructor(readonly row: Row) {
    super(row.label, row.children ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.description = row.description;
    this.contextValue = 'detail';
    if (row.icon) this.iconPath = new vscode.ThemeIcon(row.icon);
    if (row.tooltip) this.tooltip = row.tooltip;
  }

  children(): DetailNode[] {
    return (this.row.children?.() ?? []).map((row) => new DetailNode(row));
  }
}

export type LayersNode = MessageNode | HintNode | ImageNode | BaseGroupNode | MetadataGroupNode | LayerNode | DetailNode;

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
