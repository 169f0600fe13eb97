// What the local daemon knows about an image reference, for the FROM hover and the pin action.
// Only `inspect` is used: nothing is ever pulled. Answers are cached briefly (a hover fires on
// every mouse move) and forgotten when the daemon reports image changes.
import type Docker from 'dockerode';
import { withTimeout } from '../../engine/docker/timeout';

export interface LocalImage {
  id: string;
  sizeBytes: number;
  layerCount: number;
  /** Epoch ms; 0 when unknown. */
  created: number;
  repoDigests: string[];
  tags: string[];
}

const CACHE_MS = 15_000;
/** A hover must not wait long on a slow daemon. */
const LOOKUP_TIMEOUT_MS = 2_000;

export class LocalImages {
  private readonly cache = new Map<string, { at: number; image: Promise<LocalImage | undefined> }>();

  constructor(private readonly docker: () => Docker) {}

  /** The image, or undefined when the daemon does not have it (or cannot be reached). */
  lookup(reference: string): Promise<LocalImage | undefined> {
    const cached = this.cache.get(reference);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.image;
    const image = this.inspect(reference);
    this.cache.set(reference, { at: Date.now(), image });
    return image;
  }

  forget(): void {
    this.cache.clear();
  }

  private async inspect(reference: string): Promise<LocalImage | undefined> {
    try {
      const info = await withTimeout(this.docker().getImage(reference).inspect(), LOOKUP_TIMEOUT_MS, () => new Error('timeout'));
      return {
        id: info.Id,
        sizeBytes: info.Size,
        layerCount: info.RootFS?.Layers?.length ?? 0,
        created: Date.parse(info.Created) || 0,
        repoDigests: info.RepoDigests ?? [],
        tags: (info.RepoTags ?? []).filter((tag) => tag !== '<none>:<none>'),
      };
    } catch {
      // Not present locally, or no daemon: the hover simply has nothing to add.
      this.cache.delete(reference);
      return undefined;
    }
  }
}
