// A layer's own files as a directory tree with sizes (dive-style), and its largest files/folders.
import type { Change, LayerChanges } from './changes';
import type { EntryKind } from './tarScanner';
import type { LayerScan } from './layerScan';

export interface TreeNode {
  name: string;
  path: string;
  /** Σ sizes written by this layer under this node (a removal node: the bytes it hides). */
  sizeBytes: number;
  /** Non-directory entries under (or at) this node. */
  fileCount: number;
  kind: EntryKind;
  change?: Change;
  /** For deletions (whiteouts, opaque directories): what the layer hides from the layers below. */
  removedBytes?: number;
  removedFiles?: number;
  /** Directories only; biggest first. */
  children?: TreeNode[];
}

export interface FileFigure { path: string; sizeBytes: number; change: Change }
export interface FolderFigure { path: string; sizeBytes: number; fileCount: number }

interface Building { node: TreeNode; byName?: Map<string, Building> }

export function buildLayerTree(scan: LayerScan, changes: LayerChanges): TreeNode {
  const root: Building = { node: { name: '/', path: '/', sizeBytes: 0, fileCount: 0, kind: 'directory', children: [] }, byName: new Map() };
  const place = (path: string, kind: EntryKind, size: number, change: Change | undefined) => {
    const parts = path.split('/').filter(Boolean);
    let current = root;
    current.node.sizeBytes += size;
    for (let i = 0; i < parts.length; i++) {
      const last = i === parts.length - 1;
      let next = current.byName!.get(parts[i]);
      if (!next) {
        const childPath = `/${parts.slice(0, i + 1).join('/')}`;
        const isDir = !last || kind === 'directory';
        next = { node: { name: parts[i], path: childPath, sizeBytes: 0, fileCount: 0, kind: isDir ? 'directory' : kind, ...(isDir ? { children: [] } : {}) }, byName: isDir ? new Map() : undefined };
        current.byName!.set(parts[i], next);
        current.node.children!.push(next.node);
      }
      next.node.sizeBytes += size;
      if (kind !== 'directory') current.node.fileCount++;
      if (last) {
        if (kind !== 'directory') next.node.fileCount++;
        if (change) next.node.change = change;
        if (kind === 'directory' && !next.byName) {
          next.byName = new Map();
          next.node.kind = 'directory';
          next.node.children = [];
        }
      }
      if (!last && !next.byName) return; // a file used as a directory: malformed, skip
      current = next;
    }
  };
  for (const [path, file] of scan.files) place(path, file.kind, file.size, file.kind === 'directory' ? undefined : file.modified ? 'modified' : 'added');
  // Placed as directories so they do not count as files of their ancestors.
  for (const removed of changes.removedPaths) place(removed.path, 'directory', 0, undefined);
  for (const removed of changes.removedPaths) {
    const node = find(root.node, removed.path);
    if (node) {
      node.removedBytes = (node.removedBytes ?? 0) + removed.sizeBytes;
      node.removedFiles = (node.removedFiles ?? 0) + removed.fileCount;
      // An opaque directory the layer refills is not itself removed.
      if (!removed.opaque || node.fileCount === 0) node.change = 'removed';
      if (!removed.opaque && node.children?.length === 0) {
        node.kind = 'other';
        delete node.children;
      }
    }
  }
  sortTree(root.node);
  return root.node;
}

function find(root: TreeNode, path: string): TreeNode | undefined {
  let node: TreeNode | undefined = root;
  for (const part of path.split('/').filter(Boolean)) {
    node = node?.children?.find((child) => child.name === part);
    if (!node) return undefined;
  }
  return node;
}

function sortTree(node: TreeNode): void {
  if (!node.children) return;
  node.children.sort((a, b) => b.sizeBytes - a.sizeBytes || a.name.localeCompare(b.name));
  for (const child of node.children) sortTree(child);
}

/** The layer's biggest added/modified files. */
export function largestFiles(scan: LayerScan, limit: number): FileFigure[] {
  const top: FileFigure[] = [];
  for (const [path, file] of scan.files) {
    // Symlinks weigh a few bytes (their target's length); they are noise in a "largest" list.
    if (file.kind === 'directory' || file.kind === 'symlink') continue;
    if (top.length === limit && file.size <= top[top.length - 1].sizeBytes) continue;
    top.push({ path, sizeBytes: file.size, change: file.modified ? 'modified' : 'added' });
    top.sort((a, b) => b.sizeBytes - a.sizeBytes);
    if (top.length > limit) top.pop();
  }
  return top;
}

/**
 * The layer's biggest folders, skipping a folder whose size all sits in one subfolder (the
 * subfolder says more): "/usr/lib/x" rather than "/usr", "/usr/lib" and "/usr/lib/x". Computed
 * from the file list directly, so it needs no tree (folders are few, files are many).
 */
export function largestFolders(scan: LayerScan, limit: number): FolderFigure[] {
  const folders = new Map<string, FolderFigure>();
  for (const [path, file] of scan.files) {
    if (file.kind === 'directory') continue;
    for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      const dir = path.slice(0, slash);
      const folder = folders.get(dir);
      if (folder) {
        folder.sizeBytes += file.size;
        folder.fileCount++;
      } else {
        folders.set(dir, { path: dir, sizeBytes: file.size, fileCount: 1 });
      }
    }
  }
  const subsumed = new Set<string>();
  for (const folder of folders.values()) {
    const parent = folder.path.slice(0, folder.path.lastIndexOf('/'));
    if (parent && folders.get(parent)?.sizeBytes === folder.sizeBytes) subsumed.add(parent);
  }
  return [...folders.values()]
    .filter((folder) => folder.sizeBytes > 0 && !subsumed.has(folder.path))
    .sort((a, b) => b.sizeBytes - a.sizeBytes || a.path.localeCompare(b.path))
    .slice(0, limit);
}
