// What a build is given, recorded while it runs so the next build of the same Dockerfile can say
// why a step ran: the Dockerfile text, build argument names with a hash of each value (values may
// be secrets and are never stored), --no-cache, the local base images' IDs and the context manifest.
import { createHash } from 'node:crypto';
import type Docker from 'dockerode';
import type { DockerfileOutline } from '../../dockerfile/outline';
import { recordContextManifest } from './contextManifest';
import type { RecordedInputs } from './types';

export interface InputsRequest {
  dockerfileText: string;
  outline: DockerfileOutline;
  context: string;
  buildArgs?: Record<string, string>;
  noCache?: boolean;
  /** The inputs of the build this one will be compared with: unchanged files keep their hashes. */
  earlier?: RecordedInputs;
}

/** Enough to tell two values apart, useless for guessing one. */
function valueHash(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}

async function localImageId(docker: Docker, ref: string): Promise<string | null> {
  try {
    return (await docker.getImage(ref).inspect()).Id;
  } catch {
    return null;
  }
}

export async function recordInputs(docker: Docker, request: InputsRequest): Promise<RecordedInputs> {
  const bases = [...new Set(request.outline.stages.filter((stage) => !stage.fromMakesNoStep).map((stage) => stage.base))];
  const [ids, context] = await Promise.all([
    Promise.all(bases.map((ref) => localImageId(docker, ref))),
    recordContextManifest(request.context, request.earlier?.context).catch(() => null),
  ]);
  return {
    dockerfileText: request.dockerfileText,
    buildArgs: Object.fromEntries(Object.entries(request.buildArgs ?? {}).map(([name, value]) => [name, valueHash(value)])),
    noCache: request.noCache === true,
    baseImages: Object.fromEntries(bases.map((ref, i) => [ref, ids[i]])),
    context,
  };
}
