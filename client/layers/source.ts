// What the Layers view needs from the daemon, as one small interface: the provider is written
// against it, `engineSource.ts` implements it with the engine over the shared Docker session.
import type { DockerFailure } from '../../engine/docker/errors';
import type { ImageEntry } from './imageList';
import type { ImageLayers } from './layerRows';

export interface LayersSource {
  /** Where the images come from, for people ("unix:///var/run/docker.sock (DOCKER_HOST)"). */
  describeEndpoint(): string;
  listImages(): Promise<ImageEntry[]>;
  /** Layers in build order with the base image's layers marked; rejects when the image is gone. */
  getLayers(image: ImageEntry): Promise<ImageLayers>;
  /** Classifies a failure of any of the calls above for a message node. */
  classify(error: unknown, image?: string): DockerFailure;
}
