// A BuildKit session, opened the way the Docker CLI opens one (docker/cli build_buildkit.go,
// moby/buildkit session.go): POST /session upgraded to h2c, the hijacked socket served as a
// gRPC server on which the daemon calls back. It exposes the build context and the Dockerfile's
// folder through `moby.filesync.v1.FileSync/DiffCopy`, and the health check the daemon polls
// (without it the daemon drops the session after two failed checks).
import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import * as path from 'node:path';
import type { Duplex } from 'node:stream';
import * as grpc from '@grpc/grpc-js';
import type Docker from 'dockerode';
import { serveDiffCopy, type SyncedDir, type SyncMetadata, type TransferStats } from './fileSync';
import { decodePacket, encodePacket, sessionTypes, type WirePacket } from './sessionProto';

export interface BuildSession {
  id: string;
  /** Resolves once every transfer started so far has ended. */
  settled(): Promise<TransferStats[]>;
  /** Closes the gRPC server and the socket; the daemon then ends the session. */
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

const identity = (buffer: Buffer) => buffer;

const FILE_SYNC_SERVICE: grpc.ServiceDefinition = {
  DiffCopy: {
    path: DIFF_COPY,
    requestStream: true,
    responseStream: true,
    requestSerialize: (packet: WirePacket) => encodePacket(packet),
    requestDeserialize: (bytes: Buffer) => decodePacket(bytes),
    // Packets are encoded by the sender itself, which also counts their bytes.
    responseSerialize: identity,
    responseDeserialize: identity,
    originalName: 'diffCopy',
  },
};

const HEALTH_SERVICE: grpc.ServiceDefinition = {
  Check: {
    path: HEALTH_CHECK,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: (response: { status: number }) => Buffer.from(sessionTypes().healthResponse.encode(response).finish()),
    responseDeserialize: identity,
    originalName: 'check',
  },
};

/** Stable per context folder and machine, so the daemon's local-source cache finds the last sync. */
export function sessionSharedKey(contextDir: string): string {
  return createHash('sha256').update(`dockscope\0${hostname()}\0${path.resolve(contextDir)}`).digest('hex');
}

/** The metadata keys whose values are lists (patterns, paths). */
const LIST_KEYS = new Set(['include-patterns', 'exclude-patterns', 'followpaths']);

/**
 * The daemon (grpc-go) sends each value as its own header field; Node's HTTP/2 layer joins
 * repeated fields with ", " before grpc-js sees them, so list values are split back. A pattern
 * that itself contains ", " cannot be told apart (buildkit URL-encodes only non-ASCII values).
 */
export function metadataValues(metadata: Record<string, Array<string | Buffer>>): SyncMetadata {
  const values: SyncMetadata = {};
  for (const [key, list] of Object.entries(metadata)) {
    const texts = list.map((value) => value.toString());
    values[key] = LIST_KEYS.has(key) ? texts.flatMap((text) => text.split(', ')) : texts;
  }
  return values;
}

function dialSession(docker: Docker, id: string, name: string, sharedKey: string, signal?: AbortSignal): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the daemon did not open the session within ${OPEN_TIMEOUT_MS / 1000} s`)), OPEN_TIMEOUT_MS);
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
      if (error) return reject(error);
      if (!socket || typeof (socket as Duplex).pipe !== 'function') return reject(new Error('the daemon answered /session without upgrading the connection'));
      resolve(socket as Duplex);
    });
  });
}

/** Opens the session; rejects when the daemon refuses it (no session support) or cannot be reached. */
export async function openBuildSession(docker: Docker, dirs: SessionDirs, signal?: AbortSignal): Promise<BuildSession> {
  const id = randomBytes(16).toString('hex');
  const socket = await dialSession(docker, id, path.basename(dirs.context), sessionSharedKey(dirs.context), signal);
  // A late timeout or abort must not leave the socket behind.
  if (signal?.aborted) { socket.destroy(); throw new Error('The build was cancelled.'); }

  const synced = new Map<string, SyncedDir>([
    // The Docker CLI sends the context with owner 0:0 and the Dockerfile's folder as it is.
    ['context', { path: dirs.context, resetOwner: true }],
    ['dockerfile', { path: dirs.dockerfileDir, resetOwner: false }],
  ]);
  const transfers: Array<Promise<TransferStats>> = [];
  const server = new grpc.Server();
  server.addService(FILE_SYNC_SERVICE, {
    DiffCopy: (call: grpc.ServerDuplexStream<WirePacket, Buffer>) => {
      transfers.push(serveDiffCopy(call, metadataValues(call.metadata.toJSON()), synced));
    },
  });
  server.addService(HEALTH_SERVICE, {
    Check: (_call: unknown, callback: grpc.sendUnaryData<{ status: number }>) => callback(null, { status: 1 /* SERVING */ }),
  });
  const injector = server.createConnectionInjector(grpc.ServerCredentials.createInsecure());
  socket.on('error', () => undefined); // a reset after close is expected; transfers report their own failures
  injector.injectConnection(socket);

  let closed = false;
  return {
    id,
    settled: () => Promise.all(transfers),
    close: () => {
      if (closed) return;
      closed = true;
      server.forceShutdown();
      socket.destroy();
    },
  };
}
