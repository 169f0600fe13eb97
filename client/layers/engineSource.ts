// The Layers view's source backed by the engine over the extension's one Docker session. Every call is bounded in time: a daemon that hangs (restarting, a dead ssh
// tunnel) turns into a message row instead of a spinner that never stops.
import { classifyDockerError, DockerError, EDITOR_WORDS, type DockerFailure } from '../../engine/docker/errors';
import { getImageLayers, listImages } from '../../engine/docker/images';
import { withTimeout } from '../../engine/docker/timeout';
import type { DockerSession } from '../shell/dockerSession';
import type { ImageEntry } from './imageList';
import type { ImageLayers } from './layerRows';
import type { LayersSource } from './source';

/** Long enough for a base-image search over hundreds of images, short enough to notice a hang. */
const REQUEST_TIMEOUT_MS = 30_000;

export class EngineLayersSource implements LayersSource {
  constructor(private readonly session: DockerSession) {}

  describeEndpoint(): string {
    return this.session.describeEndpoint();
  }

  async listImages(): Promise<ImageEntry[]> {
    const { docker } = await this.bounded(this.session.ready());
    return this.bounded(listImages(docker));
  }

  async getLayers(image: ImageEntry): Promise<ImageLayers> {
    const { docker } = this.session.connect();
    // By id: a tag may have moved to another image since the list was read.
    const layers = await this.bounded(getImageLayers(docker, image.id));
    return { ...layers, ref: image.tags[0] ?? layers.ref };
  }

  classify(error: unknown, image?: string): DockerFailure {
    return classifyDockerError(error, { words: EDITOR_WORDS, endpoint: this.session.describeEndpoint(), image });
  }

  private bounded<T>(work: Promise<T>): Promise<T> {
    return withTimeout(work, REQUEST_TIMEOUT_MS, () => new DockerError('unreachable',
      `The Docker daemon at ${this.session.describeEndpoint()} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s.`));
  }
}
