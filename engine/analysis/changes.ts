// Replays the layers bottom-up over a path trie (the filesystem as seen after each layer) to find
// what each layer added, modified and removed, and which paths were written more than once.
import type { LayerScan } from './layerScan';

export type Change = 'added' | 'modified' | 'removed';

export interface LayerChanges {
  added: number;
  modified: number;
  removed: number;
  addedBytes: number;
  modifiedBytes: number;
  /** Bytes of lower-layer files this layer hides. */
  removedBytes: number;
  /** What the layer deletes (whiteout targets and opaque directories), with what it hides. */
  removedPaths: Array<{ path: string; sizeBytes: number; fileCount: number; opaque: boolean }>;
}

/** A path written (or removed) by more than one layer. */
export interface RepeatedPath {
  path: string;
  /** Layers that wrote or removed it, bottom first. */
  layers: number[];
  /** Size written by each of those layers (0 for a removal). */
  sizes: number[];
  cumulativeBytes: number;
  minBytes: number;
}

/** One object per path (memory: images have 100,000s of paths). Directories have children and layer -1. */
interface TrieNode {
  size: number;
  layer: number;
  children?: Map<string, TrieNode>;
}

type Written = { size: number; layer: number };
const isFile = (node: TrieNode | undefined): node is TrieNode => node !== undefined && node.layer >= 0;
const newDir = (): TrieNode => ({ size: 0, layer: -1, children: new Map() });

export class FilesystemReplay {
  private readonly root: TrieNode = newDir();
  /** Paths written or removed by two layers or more. */
  readonly repeats = new Map<string, RepeatedPath>();

  /** Applies one layer (index = its position in build order) and returns what it changed. */
  apply(index: number, scan: LayerScan): LayerChanges {
    const changes: LayerChanges = { added: 0, modified: 0, removed: 0, addedBytes: 0, modifiedBytes: 0, removedBytes: 0, removedPaths: [] };
    // Deletions refer to the layers below, so they go first.
    for (const dir of scan.opaqueDirs) this.remove(dir, index, changes, true);
    for (const path of scan.whiteouts) this.remove(path, index, changes, false);
    for (const [path, file] of scan.files) {
      if (file.kind === 'directory') {
        this.ensureDir(path);
        continue;
      }
      const { parent, name } = this.parentOf(path, true);
      const existing = parent.children!.get(name);
      const modified = isFile(existing);
      parent.children!.set(name, { size: file.size, layer: index }); // also replaces a directory
      this.touch(path, index, file.size, modified ? existing : undefined);
      // Kept on the scan's own entry: no per-layer map of 100,000s of paths.
      file.modified = modified;
      if (modified) {
        changes.modified++;
        changes.modifiedBytes += file.size;
      } else {
        changes.added++;
        changes.addedBytes += file.size;
      }
    }
    return changes;
  }

  private remove(path: string, index: number, changes: LayerChanges, opaque: boolean): void {
    const node = this.lookup(path);
    let sizeBytes = 0;
    let fileCount = 0;
    if (node) {
      const hide = (filePath: string, file: Written) => {
        sizeBytes += file.size;
        fileCount++;
        this.touch(filePath, index, 0, file);
      };
      if (isFile(node)) hide(path, node);
      else this.collectFiles(node, path, hide);
      if (opaque && node.children) node.children = new Map();
      else this.parentOf(path, false).parent.children?.delete(path.slice(path.lastIndexOf('/') + 1));
    }
    changes.removed += fileCount;
    changes.removedBytes += sizeBytes;
    if (node) changes.removedPaths.push({ path, sizeBytes, fileCount, opaque });
  }

  /** Records that `index` wrote `size` bytes at `path` (0 = removal) over an earlier write. */
  private touch(path: string, index: number, size: number, previous: Written | undefined): void {
    let record = this.repeats.get(path);
    if (!record) {
      if (!previous) return; // first time this path is seen
      record = { path, layers: [previous.layer], sizes: [previous.size], cumulativeBytes: previous.size, minBytes: previous.size };
      this.repeats.set(path, record);
    }
    record.layers.push(index);
    record.sizes.push(size);
    record.cumulativeBytes += size;
    record.minBytes = Math.min(record.minBytes, size);
  }

  private collectFiles(node: TrieNode, path: string, visit: (path: string, file: Written) => void): void {
    for (const [name, child] of node.children ?? []) {
      const childPath = path === '/' ? `/${name}` : `${path}/${name}`;
      if (isFile(child)) visit(childPath, child);
      if (child.children) this.collectFiles(child, childPath, visit);
    }
  }

  private ensureDir(path: string): void {
    let node = this.root;
    for (const part of path.split('/')) {
      if (!part) continue;
      let child = node.children!.get(part);
      if (!child || !child.children) {
        // A file replaced by a directory: the file is gone.
        child = newDir();
        node.children!.set(part, child);
      }
      node = child;
    }
  }

  private parentOf(path: string, create: boolean): { parent: TrieNode; name: string } {
    const slash = path.lastIndexOf('/');
    const dir = path.slice(0, slash) || '/';
    if (create) this.ensureDir(dir);
    return { parent: (dir === '/' ? this.root : this.lookup(dir)) ?? newDir(), name: path.slice(slash + 1) };
  }

  private lookup(path: string): TrieNode | undefined {
    let node: TrieNode | undefined = this.root;
    for (const part of path.split('/')) {
      if (!part) continue;
      node = node.children?.get(part);
      if (!node) return undefined;
    }
    return node;
  }
}
