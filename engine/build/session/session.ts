// A BuildKit session, opened the way the Docker CLI opens one (docker/cli build_buildkit.go,
// moby/buildkit session.go): POST /session upgraded to h2c, the hijacked socket served as a
// gRPC server on which the daemon calls back. It exposes the build context and the Dockerfile's
// folder through `moby.filesync.v1.FileSync/DiffCopy`, and the health check the daemon polls
// (without it the daemon drops the session after two failed checks).
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import * as path from 'node:path';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { serveDiffCopy, type PacketStream, type SyncedDir, type SyncMetadata, type TransferStats } from './fileSync';
import { serveGrpc, type GrpcCall, type GrpcMethod } from './grpcServer';
import { decodePacket, sessionTypes } from './proto';

export interface BuildSession {
  id: string;
  /** Resolves once every transfer started so far has ended. */
  settled(): Promise<TransferStats[]>;
  /** Closes the HTTP/2 session and the socket; the daemon then ends the session. */
  close(): void;
}

export interface SessionDirs {
  context: string;
  /** The folder that holds the Dockerfile. */
  dockerfileDir: string;
}

const DIFF_COPY = '/moby.filesync.v1.FileSync/DiffCopy';
const HEALTH_CHECK = '/grpc.health.v1.Health/Check';
/** The daemon answers an upgrade at once; past this the session path is given up for the tar. */
const OPEN_TIMEOUT_MS = 10_000;

/** Stable per context folder and machine, so the daemon's local-source cache finds the last sync. */
function sessionSharedKey(contextDir: string): string {
  return createHash('sha256').update(`dockscope\0${hostname()}\0${path.resolve(contextDir)}`).digest('hex');
}


function dialSession(docker: Docker, id: string, name: string, sharedKey: string, signal?: AbortSignal): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      reject(new Error(`the daemon did not open the session within ${OPEN_TIMEOUT_MS / 1000} s`));
    }, OPEN_TIMEOUT_MS);
    docker.modem.dial({
      path: '/session', method: 'POST', hijack: true, abortSignal: signal,
      headers: {
        Upgrade: 'h2c',
        'X-Docker-Expose-Session-Uuid': id,
        'X-Docker-Expose-Session-Name': name,
        'X-Docker-Expose-Session-Sharedkey': sharedKey,
        // The daemon calls only the methods listed here.
        'X-Docker-Expose-Session-Grpc-Method': [DIFF_COPY, HEALTH_CHECK],
      },
      statusCodes: { 101: true, 200: true, 400: 'bad parameter', 404: 'no session support', 500: 'server error' },
    } as never, (error: unknown, socket: unknown) => {
      clearTimeout(timer);
      // Given up already (the build went on with a tar): a late socket must not linger.
      if (timedOut) return (socket as Duplex | undefined)?.destroy?.();
      if (error) return reject(error);
      if (!socket || typeof (socket as Duplex).pipe !== 'function') return reject(new Error('the daemon answered /session without upgrading the connection'));
      resolve(socket as Duplex);
    });
  });
}

/** Opens the session; rejects when the daemon refuses it (no session support) or cannot be reached. */
export async function openBuildSession(docker: Docker, dirs: SessionDirs, signal?: AbortSignal): Promise<BuildSession> {
  const id = randomBytes(16).toString('hex');
  // The name is informational; an HTTP header takes printable ASCII only.
  const name = path.basename(dirs.context).replace(/[^\x20-\x7e]/g, '_');
  const socket = await dialSession(docker, id, name, sessionSharedKey(dirs.context), signal);
  // A late timeout or abort must not leave the socket behind.
  if (signal?.aborted) { socket.destroy(); throw new Error('The build was cancelled.'); }

  const synced = new Map<string, SyncedDir>([
    // The Docker CLI sends the context with owner 0:0 and the Dockerfile's folder as it is.
    ['context', { path: dirs.context, resetOwner: true }],
    ['dockerfile', { path: dirs.dockerfileDir, resetOwner: false }],
  ]);
  const transfers: Array<Promise<TransferStats>> = [];
  const methods = new Map<string, GrpcMethod>([
    [DIFF_COPY, {
      decode: decodePacket,
      handle: (call: GrpcCall<unknown>) => { transfers.push(serveDiffCopy(call as PacketStream, call.metadata as SyncMetadata, synced)); },
    }],
    [HEALTH_CHECK, {
      decode: (bytes: Buffer) => bytes,
      handle: (call: GrpcCall<unknown>) => {
        call.once('data', () => {
          call.write(Buffer.from(sessionTypes().healthResponse.encode({ status: 1 /* SERVING */ }).finish()));
          call.end();
        });
      },
    }],
  ]);
  socket.on('error', () => undefined); // a reset after close is expected; transfers report their own failures
  // Over a tcp+TLS endpoint the hijacked socket is the TLS socket, whose ALPN protocol is false
  // (none negotiated): Node's HTTP/2 server takes that for HTTP/1.1 and drops the connection, so
  // the daemon saw "connection closed". The upgrade made it h2c, so it is HTTP/2 all the same.
  if ((socket as Duplex & { encrypted?: boolean }).encrypted) (socket as Duplex & { alpnProtocol?: string | false }).alpnProtocol = 'h2';
  const stop = serveGrpc(socket, methods);

  let closed = false;
  return {
    id,
    settled: () => Promise.all(transfers),
    close: () => {
      if (closed) return;
      closed = true;
      stop();
    },
  };
}
