// The Layers view's source backed by the engine over the extension's one Docker session. Every
// request is bounded in time by the client (dockscope.docker.timeoutSeconds): a daemon that hangs
// (restarting, a dead ssh tunnel) turns into a message row instead of a spinner that never stops.
import { classifyDockerError, EDITOR_WORDS, type DockerFailure } from '../../engine/docker/errors';
import { getImageLayers, listImages } from '../../engine/docker/images';
import type { DockerSession } from '../shell/dockerSession';
import type { ImageEntry } from './imageList';
import type { ImageLayers } from './layerRows';
import type { LayersSource } from './source';

export class EngineLayersSource implements LayersSource {
  constructor(private readonly session: DockerSession) {}

  describeEndpoint(): string {
    return this.session.describeEndpoint();
  }

  async listImages(): Promise<ImageEntry[]> {
    const { docker } = await this.session.ready();
    return listImages(docker);
  }

  async getLayers(image: ImageEntry): Promise<ImageLayers> {
    const { docker } = this.session.connect();
    // By id: a tag may have moved to another image since the list was read.
    const layers = await getImageLayers(docker, image.id);
    return { ...layers, ref: image.tags[0] ?? layers.ref };
  }

  classify(error: unknown, image?: string): DockerFailure {
    return classifyDockerError(error, { words: EDITOR_WORDS, endpoint: this.session.describeEndpoint(), image });
  }
}
