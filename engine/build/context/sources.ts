// The two ways a build's context reaches the daemon. `session`: as the Docker CLI with BuildKit,
// a file-sync session the daemon pulls from (only what its cache lacks); the build request names
// the session (`remote=client-session`). `tar`: the whole context packed and posted as the
// request body (the Engine API's original way; needed by the classic builder and by daemons
// without sessions).
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { openBuildSession } from '../session/session';
import { packContext, type PackStats } from './packer';

export type ContextTransport = 'session' | 'tar';

export interface ContextStats {
  /** Bytes sent to the daemon: tar bytes, or file-sync packets. */
  bytes: number;
  /** Files whose contents were sent. */
  files: number;
  /** Packing and sending (tar), or the file-sync transfers (session). */
  ms: number;
}

export interface ContextSource {
  transport: ContextTransport;
  /** The request body: the tar, or nothing. */
  body: Readable;
  /** Query parameters that say where the context and the Dockerfile are. */
  query: Record<string, unknown>;
  /** Once the daemon's response ended: what was sent, and a transport failure the daemon did not report. */
  finish(stopped: boolean): Promise<{ stats: ContextStats; error: string | null }>;
}

export async function tarSource(context: string, dockerfile: string): Promise<ContextSource> {
  const packed = await packContext(context, dockerfile);
  const toStats = (pack: PackStats): ContextStats => ({ bytes: pack.bytes, files: pack.files, ms: pack.packMs });
  return {
    transport: 'tar',
    body: packed.stream,
    query: { dockerfile: packed.dockerfileInContext },
    async finish(stopped) {
      // A build that fails early (or is cancelled) may never read the rest of the context.
      if (!packed.progress().finished && !stopped) {
        await Promise.race([packed.done.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
      }
      const partial = packed.progress();
      if (!partial.finished) packed.stream.destroy();
      let error: string | null = null;
      const pack = await packed.done.catch((failure: unknown): PackStats => {
        if (!partial.finished && !stopped) error = `Packing the context failed: ${failure instanceof Error ? failure.message : String(failure)}`;
        return partial;
      });
      return { stats: toStats(pack), error };
    },
  };
}

/**
 * Opens the session before the build request, as the CLI does; rejects when the daemon refuses
 * it. The Dockerfile travels through its own folder (`dockerfile`), by base name.
 */
export async function sessionSource(docker: Docker, context: string, dockerfile: string, signal?: AbortSignal): Promise<ContextSource> {
  const session = await openBuildSession(docker, { context, dockerfileDir: path.dirname(dockerfile) }, signal);
  const closeOnAbort = () => session.close();
  signal?.addEventListener('abort', closeOnAbort, { once: true });
  return {
    transport: 'session',
    body: Readable.from([]),
    query: { dockerfile: path.basename(dockerfile), remote: 'client-session', session: session.id },
    async finish() {
      signal?.removeEventListener('abort', closeOnAbort);
      session.close();
      // Only the context folder counts (the Dockerfile's own transfer is not the context).
      const transfers = (await session.settled()).filter((transfer) => transfer.dirName === 'context');
      return {
        stats: {
          bytes: transfers.reduce((sum, transfer) => sum + transfer.bytes, 0),
          files: transfers.reduce((sum, transfer) => sum + transfer.files, 0),
          ms: transfers.reduce((sum, transfer) => sum + transfer.ms, 0),
        },
        error: null,
      };
    },
  };
}
