// Shapes the engine's file-level analysis into tree rows: under the image, efficiency and the
// wasted-space offenders; under each layer, its changes, largest files and folders, and a
// dive-style file tree. Pure (rows are plain objects, children built lazily on expansion) so
// it is unit-tested and a 100,000-file layer costs nothing until someone opens it.
import type { ImageAnalysis, LayerAnalysis, TreeNode, WastedPath } from '../../engine/analysis';
import { formatBytes, formatShare } from '../../common/format';
import { formatCount } from '../../common/format';

export interface Row {
  label: string;
  description?: string;
  /** A codicon name. */
  icon?: string;
  tooltip?: string;
  /** Present when the row expands; called when it does. */
  children?: () => Row[];
}

/** Directory listings are cut here, with a row saying how much is left out. */
export const MAX_CHILDREN = 100;

const CHANGE_ICONS: Record<string, string> = { added: 'diff-added', modified: 'diff-modified', removed: 'diff-removed' };

function percent(value: number): string {
  return `${(value * 100).toFixed(1)} %`;
}

export function imageSummaryRows(analysis: ImageAnalysis): Row[] {
  const efficiency: Row = {
    label: `Efficiency ${percent(analysis.efficiency)}`,
    description: `${formatBytes(analysis.wastedBytes)} wasted (${percent(analysis.userWastedPercent)} of the layers above the first)`,
    icon: analysis.efficiency >= 0.95 ? 'pass' : 'warning',
    tooltip: [
      'Efficiency = Σ smallest copy / Σ all copies, over paths written by more than one layer.',
      'Wasted bytes = Σ (all copies − smallest copy): what a better Dockerfile would not ship.',
      `Over every path, as dive reports it: ${percent(analysis.efficiencyAllPaths)}.`,
      `Read ${formatBytes(analysis.bytesRead)} of image export.`,
    ].join('\n'),
  };
  const wasted: Row = {
    label: analysis.wasted.length ? `Wasted space: ${formatCount(analysis.wastedPathCount, 'repeated path')}` : 'Wasted space: none',
    description: analysis.wasted.length ? `top ${Math.min(analysis.wasted.length, MAX_CHILDREN)} by wasted bytes` : 'no path is written twice with different content',
    icon: 'trash',
    children: analysis.wasted.length ? () => wastedRows(analysis.wasted, analysis.wastedPathCount) : undefined,
  };
  return [efficiency, wasted];
}

function wastedRows(wasted: WastedPath[], total: number): Row[] {
  const rows = wasted.slice(0, MAX_CHILDREN).map((entry): Row => ({
    label: entry.path,
    description: `${formatBytes(entry.wastedBytes)} wasted · ${entry.count} layers (${entry.layers.map((layer) => layer.index).join(', ')})`,
    icon: 'file',
    tooltip: [
      `${entry.path} is written by ${entry.count} layers, ${formatBytes(entry.cumulativeBytes)} in all:`,
      ...entry.layers.map((layer) => `  layer ${layer.index}: ${layer.sizeBytes ? formatBytes(layer.sizeBytes) : 'removed'}`),
    ].join('\n'),
  }));
  if (total > rows.length) rows.push({ label: `… ${formatCount(total - rows.length, 'more repeated path')}`, icon: 'ellipsis' });
  return rows;
}

/** The rows under one analyzed layer; empty for a metadata-only layer. */
export function layerRows(layer: LayerAnalysis): Row[] {
  if (layer.empty) return [];
  const rows: Row[] = [{
    label: `+${layer.added} added · ~${layer.modified} modified · −${layer.removed} removed`,
    description: `+${formatBytes(layer.addedBytes)} ~${formatBytes(layer.modifiedBytes)} −${formatBytes(layer.removedBytes)}`,
    icon: 'diff',
    tooltip: 'Files this layer adds, overwrites (already present below) and deletes (whiteouts), with their bytes.',
  }];
  if (layer.largestFiles.length) {
    rows.push({
      label: 'Largest files', description: `${layer.largestFiles.length}`, icon: 'files',
      children: () => layer.largestFiles.map((file) => ({
        label: file.path, description: `${formatBytes(file.sizeBytes)} · ${file.change}`, icon: CHANGE_ICONS[file.change],
      })),
    });
  }
  if (layer.largestFolders.length) {
    rows.push({
      label: 'Largest folders', description: `${layer.largestFolders.length}`, icon: 'folder',
      children: () => layer.largestFolders.map((folder) => ({
        label: folder.path, description: `${formatBytes(folder.sizeBytes)} · ${formatCount(folder.fileCount, 'file')} · ${formatShare(folder.sizeBytes, layer.sizeBytes)} of the layer`, icon: 'folder',
      })),
    });
  }
  if (layer.removedPaths.length) {
    rows.push({
      label: 'Removed', description: formatCount(layer.removedPaths.length, 'path'), icon: 'diff-removed',
      children: () => layer.removedPaths.slice(0, MAX_CHILDREN).map((removed) => ({
        label: removed.path,
        description: `hides ${formatBytes(removed.sizeBytes)} in ${formatCount(removed.fileCount, 'file')}${removed.opaque ? ' · opaque directory' : ''}`,
        icon: 'diff-removed',
      })),
    });
  }
  if (layer.tree?.children?.length) {
    const tree = layer.tree;
    rows.push({ label: 'Files', description: `${formatBytes(tree.sizeBytes)} in ${formatCount(tree.fileCount, 'file')}`, icon: 'list-tree', children: () => treeRows(tree, layer.sizeBytes) });
  }
  return rows;
}

/** One directory level of the layer's file tree, biggest first (the engine sorts it). */
export function treeRows(node: TreeNode, layerBytes: number): Row[] {
  const children = node.children ?? [];
  const rows = children.slice(0, MAX_CHILDREN).map((child): Row => {
    const isDirectory = Boolean(child.children);
    const removed = child.change === 'removed';
    const size = removed ? `hides ${formatBytes(child.removedBytes ?? 0)}` : formatBytes(child.sizeBytes);
    const parts = [size];
    if (isDirectory && !removed) parts.push(formatCount(child.fileCount, 'file'), formatShare(child.sizeBytes, layerBytes));
    else if (child.change) parts.push(child.change);
    return {
      label: child.name,
      description: parts.join(' · '),
      icon: child.change && !isDirectory ? CHANGE_ICONS[child.change] : isDirectory ? 'folder' : child.kind === 'symlink' ? 'file-symlink-file' : 'file',
      tooltip: child.path,
      children: isDirectory && child.children!.length ? () => treeRows(child, layerBytes) : undefined,
    };
  });
  if (children.length > rows.length) {
    const rest = children.slice(rows.length).reduce((sum, child) => sum + child.sizeBytes, 0);
    rows.push({ label: `… ${children.length - rows.length} more`, description: formatBytes(rest), icon: 'ellipsis' });
  }
  return rows;
}
