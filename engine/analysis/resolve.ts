// Puts the scanned layers in build order once the whole archive has been read, for the legacy
// layout (manifest.json → "<id>/layer.tar"), Docker ≥ 25's (manifest.json → "blobs/sha256/…")
// and plain OCI (index.json → manifest → layers, as skopeo writes it).
import { DockerError } from '../docker/errors';
import type { ArchiveContents } from './archive';
import type { LayerScan } from './layerScan';

export interface ResolvedHistoryEntry {
  createdBy: string;
  created: number;
  emptyLayer: boolean;
  comment: string;
}

export interface ResolvedImage {
  /** Config digest = image id. */
  id: string;
  repoTags: string[];
  /** Build order, bottom first, one per history entry; `scan` undefined for empty entries. */
  entries: Array<ResolvedHistoryEntry & { scan?: LayerScan; diffId?: string; archivePath?: string }>;
}

interface LegacyManifestItem { Config?: unknown; RepoTags?: unknown; Layers?: unknown }
interface OciDescriptor { digest?: unknown; mediaType?: unknown; platform?: { os?: unknown; architecture?: unknown }; annotations?: Record<string, unknown> }
interface ImageConfig { rootfs?: { diff_ids?: unknown }; history?: Array<{ created?: unknown; created_by?: unknown; empty_layer?: unknown; comment?: unknown }> }

/** Picks the image for `ref` (or the only/first one) and orders its layers. */
export function resolveImage(contents: ArchiveContents, ref?: string): ResolvedImage {
  const manifest = contents.json.get('manifest.json');
  const items = Array.isArray(manifest) ? manifest.filter(isRecord) : [];
  if (items.length > 0) return fromLegacyManifest(contents, items as LegacyManifestItem[], ref);
  const index = contents.json.get('index.json');
  if (index && typeof index === 'object') return fromOciIndex(contents, index as { manifests?: OciDescriptor[] }, ref);
  throw new DockerError('bad-archive', contents.layers.size === 0 && contents.json.size === 0
    ? 'The archive is empty or not a tar.'
    : 'The archive has neither manifest.json nor index.json.');
}

function fromLegacyManifest(contents: ArchiveContents, items: LegacyManifestItem[], ref?: string): ResolvedImage {
  const item = items.find((candidate) => ref && Array.isArray(candidate.RepoTags) && candidate.RepoTags.includes(ref)) ?? items[0];
  const configPath = typeof item.Config === 'string' ? item.Config : '';
  const config = documentAt(contents, configPath, 'image config');
  const layerPaths = Array.isArray(item.Layers) ? item.Layers.filter((path): path is string => typeof path === 'string') : [];
  const id = configPath.startsWith('blobs/sha256/') ? `sha256:${configPath.slice('blobs/sha256/'.length)}` : `sha256:${configPath.replace(/\.json$/, '')}`;
  const repoTags = Array.isArray(item.RepoTags) ? item.RepoTags.filter((tag): tag is string => typeof tag === 'string') : [];
  return { id, repoTags, entries: pairEntries(contents, config, layerPaths) };
}

function fromOciIndex(contents: ArchiveContents, index: { manifests?: OciDescriptor[] }, ref?: string, depth = 0): ResolvedImage {
  const manifests = (Array.isArray(index.manifests) ? index.manifests : []).filter(isRecord) as OciDescriptor[];
  const wanted = ref ? manifests.find((m) => m.annotations?.['io.containerd.image.name'] === ref || m.annotations?.['org.opencontainers.image.ref.name'] === ref.split(':').pop()) : undefined;
  const platformMatch = manifests.find((m) => m.platform?.os === 'linux' && m.platform?.architecture === nodeArchToOci(process.arch));
  const chosen = wanted ?? platformMatch ?? manifests.find((m) => !m.platform || m.platform.architecture !== 'unknown') ?? manifests[0];
  if (!chosen || typeof chosen.digest !== 'string') throw new DockerError('bad-archive', 'index.json lists no image manifest.');
  const doc = documentAt(contents, blobPath(chosen.digest), 'manifest') as { manifests?: OciDescriptor[]; config?: OciDescriptor; layers?: OciDescriptor[] };
  if (Array.isArray(doc.manifests)) {
    if (depth > 2) throw new DockerError('bad-archive', 'index.json nests image indexes too deeply.');
    return fromOciIndex(contents, doc, ref, depth + 1);
  }
  const configDigest = typeof doc.config?.digest === 'string' ? doc.config.digest : '';
  const config = documentAt(contents, configDigest ? blobPath(configDigest) : '', 'image config');
  const layerPaths = (Array.isArray(doc.layers) ? doc.layers : []).filter(isRecord).map((layer) => (typeof layer.digest === 'string' ? blobPath(layer.digest) : ''));
  const name = chosen.annotations?.['io.containerd.image.name'];
  return { id: configDigest, repoTags: typeof name === 'string' ? [name] : [], entries: pairEntries(contents, config, layerPaths) };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON object at `path`, or a bad-archive error that says why it is not there. */
function documentAt(contents: ArchiveContents, path: string, what: string): Record<string, unknown> {
  const doc = contents.json.get(path);
  if (isRecord(doc)) return doc;
  const skipped = contents.skipped.get(path);
  if (skipped) throw new DockerError('bad-archive', `The ${what} ${path}: ${skipped}`);
  if (doc !== undefined) throw new DockerError('bad-archive', `The ${what} ${path} is not a JSON object.`);
  throw new DockerError('bad-archive', `The ${what} ${path || '(unnamed)'} is missing from the archive.`);
}

function pairEntries(contents: ArchiveContents, config: ImageConfig, layerPaths: string[]): ResolvedImage['entries'] {
  const diffIds = Array.isArray(config.rootfs?.diff_ids) ? (config.rootfs!.diff_ids as unknown[]).map(String) : [];
  const scans = layerPaths.map((path) => {
    const scan = lookupLayer(contents, path);
    if (!scan) throw new DockerError('bad-archive', contents.skipped.has(path) ? `The layer ${path}: ${contents.skipped.get(path)}` : `The layer ${path} listed in the manifest is missing from the archive.`);
    return { scan, path };
  });
  const history = Array.isArray(config.history) ? config.history.filter(isRecord) as NonNullable<ImageConfig['history']> : [];
  const entries: ResolvedImage['entries'] = [];
  const nonEmpty = history.filter((h) => h.empty_layer !== true).length;
  // Layers without history (imported images) sit at the bottom.
  let layer = 0;
  for (; layer < scans.length - nonEmpty; layer++) {
    entries.push({ createdBy: '(layer without history)', created: 0, emptyLayer: false, comment: '', scan: scans[layer].scan, diffId: diffIds[layer], archivePath: scans[layer].path });
  }
  for (const h of history) {
    const base: ResolvedHistoryEntry = {
      createdBy: typeof h.created_by === 'string' ? h.created_by : '',
      created: typeof h.created === 'string' ? Date.parse(h.created) || 0 : 0,
      emptyLayer: h.empty_layer === true,
      comment: typeof h.comment === 'string' ? h.comment : '',
    };
    if (base.emptyLayer || layer >= scans.length) {
      entries.push({ ...base, emptyLayer: true });
    } else {
      entries.push({ ...base, scan: scans[layer].scan, diffId: diffIds[layer], archivePath: scans[layer].path });
      layer++;
    }
  }
  return entries;
}

function lookupLayer(contents: ArchiveContents, path: string): LayerScan | undefined {
  let current = path;
  for (let hops = 0; hops < 8; hops++) {
    const scan = contents.layers.get(current);
    if (scan) return scan;
    const next = contents.links.get(current);
    if (!next) return undefined;
    current = next;
  }
  return undefined;
}

function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return `blobs/${algorithm}/${hex}`;
}

function nodeArchToOci(arch: string): string {
  return arch === 'x64' ? 'amd64' : arch === 'ia32' ? '386' : arch;
}
