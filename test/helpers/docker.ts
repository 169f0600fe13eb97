// Test access to the real Docker daemon (started by scripts/docker-test-daemon.sh).
// Outside CI a missing daemon skips the Docker suites; with CI=true it fails them.
import { readFileSync } from 'node:fs';
import Docker from 'dockerode';
import * as tar from 'tar-stream';
import type { TestContext } from 'node:test';

export const BUSYBOX_IMAGE = 'dockscope-test/busybox:1';
const BUSYBOX_BINARY = ['/bin/busybox', '/usr/bin/busybox'];

let cached: Promise<Docker | undefined> | undefined;

async function connect(): Promise<Docker | undefined> {
  const docker = new Docker();
  try {
    await docker.ping();
    return docker;
  } catch (error) {
    if (process.env.CI === 'true') {
      throw new Error(`CI=true but no Docker daemon is reachable (DOCKER_HOST=${process.env.DOCKER_HOST ?? 'unset'}): ${String(error)}. Start one with scripts/docker-test-daemon.sh.`);
    }
    return undefined;
  }
}

/** The daemon, or undefined after marking the test skipped (never in CI). */
export async function dockerOrSkip(t: TestContext): Promise<Docker | undefined> {
  cached ??= connect();
  const docker = await cached;
  if (!docker) {
    const where = process.env.DOCKER_HOST ? `at DOCKER_HOST=${process.env.DOCKER_HOST}` : '(DOCKER_HOST is not set)';
    t.skip(`no Docker daemon reachable ${where}; start one with \`export DOCKER_HOST=$(bash scripts/docker-test-daemon.sh start | tail -n 1)\``);
  }
  return docker;
}

export type ContextFiles = Record<string, string | Buffer | { content: string | Buffer; mode?: number }>;

/** A build context as a tar stream, the way the Engine API wants it. */
export function packContext(files: ContextFiles): NodeJS.ReadableStream {
  const pack = tar.pack();
  for (const [name, entry] of Object.entries(files)) {
    const { content, mode } = typeof entry === 'string' || Buffer.isBuffer(entry) ? { content: entry, mode: 0o644 } : entry;
    pack.entry({ name, mode: mode ?? 0o644, mtime: new Date(0) }, content);
  }
  pack.finalize();
  return pack as unknown as NodeJS.ReadableStream;
}

/** Builds with the classic builder and returns the image id; rejects with the daemon's error. */
export async function buildImage(docker: Docker, files: ContextFiles, tag: string, options: Record<string, unknown> = {}): Promise<string> {
  const stream = await docker.buildImage(packContext(files) as NodeJS.ReadableStream, { t: tag, networkmode: 'none', rm: true, forcerm: true, ...options });
  const messages: Array<{ error?: string; aux?: { ID?: string } }> = await new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: unknown[]) => (error ? reject(error) : resolve(output as never)));
  });
  const failure = messages.find((m) => m.error);
  if (failure) throw new Error(`build of ${tag} failed: ${failure.error}`);
  const image = await docker.getImage(tag).inspect();
  return image.Id;
}

/** A tiny base image FROM scratch with busybox, so test Dockerfiles can RUN shell commands. */
export async function ensureBusyboxImage(docker: Docker): Promise<string> {
  try {
    return (await docker.getImage(BUSYBOX_IMAGE).inspect()).Id;
  } catch {
    const binary = BUSYBOX_BINARY.map((path) => { try { return readFileSync(path); } catch { return undefined; } }).find(Boolean);
    if (!binary) throw new Error('busybox-static is not installed (apt-get install busybox-static)');
    return buildImage(docker, {
      Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nRUN ["/bin/busybox", "--install", "-s", "/bin"]\nENV PATH=/bin\nCMD ["/bin/sh"]\n',
      busybox: { content: binary, mode: 0o755 },
    }, BUSYBOX_IMAGE);
  }
}
