// Builds tiny FROM-scratch images on the test daemon (DOCKER_HOST) for the Layers and hover
// suites: no base image, no RUN, so they build on a fresh daemon with no network. Not a suite
// itself (index.ts loads only *.e2e.js).
import Docker from 'dockerode';
import * as tar from 'tar-stream';

export const DATA_BYTES = 200_000;

/** FROM scratch; two COPY layers of DATA_BYTES each around one ENV step. */
export const FIXTURE_DOCKERFILE = 'FROM scratch\nCOPY data.bin /data/data.bin\nENV MODE=e2e\nCOPY data.bin /data/copy.bin\n';

export function docker(): Docker {
  return new Docker();
}

function context(dockerfile: string): NodeJS.ReadableStream {
  const pack = tar.pack();
  pack.entry({ name: 'Dockerfile', mtime: new Date(0) }, dockerfile);
  pack.entry({ name: 'data.bin', mtime: new Date(0) }, Buffer.alloc(DATA_BYTES, 'x'));
  pack.finalize();
  return pack as unknown as NodeJS.ReadableStream;
}

/** Builds the fixture image under `tag` and returns its id. */
export async function buildFixtureImage(tag: string, dockerfile = FIXTURE_DOCKERFILE): Promise<string> {
  const client = docker();
  const stream = await client.buildImage(context(dockerfile), { t: tag, networkmode: 'none', rm: true, forcerm: true });
  const messages: Array<{ error?: string }> = await new Promise((resolve, reject) => {
    client.modem.followProgress(stream, (error: Error | null, output: unknown[]) => (error ? reject(error) : resolve(output as never)));
  });
  const failure = messages.find((message) => message.error);
  if (failure) throw new Error(`building ${tag} failed: ${failure.error}`);
  return (await client.getImage(tag).inspect()).Id;
}

export async function removeImage(tag: string): Promise<void> {
  await docker().getImage(tag).remove().catch(() => undefined);
}
