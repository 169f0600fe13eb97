// The sending side of BuildKit's `moby.filesync.v1.FileSync/DiffCopy`, as fsutil's send.go
// speaks it: the daemon names a folder and its patterns in the call metadata; Dockscope sends one
// STAT packet per entry in walk order and an empty STAT to end the list; the daemon requests
// (REQ) the files it does not already hold, by the index of their STAT; each is answered with
// DATA chunks and an empty DATA; the daemon's FIN is answered with FIN. Any failure is an ERR.
import { closeSync, openSync, readSync } from 'node:fs';
import { walkForSync, type SyncEntry, type SyncWalkOptions } from '../context/walk';
import { encodePacket, PacketType, type WirePacket } from './proto';

/** A folder the session exposes, by the name the daemon asks for (`context`, `dockerfile`). */
export interface SyncedDir {
  path: string;
  resetOwner: boolean;
}

/** One DiffCopy call: what the daemon asked for and what was actually sent. */
export interface TransferStats {
  dirName: string;
  /** Encoded packets sent (STAT, DATA, FIN), as BuildKit's own transfer progress counts them. */
  bytes: number;
  /** Files whose contents the daemon requested and got. */
  files: number;
  /** Bytes of file contents among `bytes`. */
  dataBytes: number;
  /** From the call's start to its end (FIN or failure). */
  ms: number;
  error: string | null;
}

/** The slice of a gRPC server bidi call that DiffCopy needs (grpcServer.ts' GrpcCall). */
export interface PacketStream {
  write(chunk: Buffer): boolean;
  end(): void;
  on(event: 'data', listener: (packet: WirePacket) => void): unknown;
  on(event: 'error' | 'close' | 'cancelled' | 'drain' | 'end', listener: (...args: unknown[]) => void): unknown;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
  emit(event: 'error', error: Error): boolean;
}

/** Call metadata: each key's values, already decoded (see decodeSyncOptions). */
export type SyncMetadata = Record<string, string[]>;

/** Bytes per DATA packet (fsutil uses 32 kB; fewer, larger packets cost less per byte here). */
const CHUNK_BYTES = 128 << 10;

/** buildkit's decodeOpts: values flagged `<key>-encoded` are URL query escaped (non-ASCII). */
export function decodeSyncOptions(metadata: SyncMetadata): { dirName: string; walk: Omit<SyncWalkOptions, 'resetOwner'> } {
  const values = (key: string): string[] | undefined => {
    const raw = metadata[key];
    if (!raw) return undefined;
    const encoded = /^(1|t|true)$/i.test(metadata[`${key}-encoded`]?.[0] ?? '');
    return encoded ? raw.map((value) => decodeURIComponent(value.replace(/\+/g, ' '))) : raw;
  };
  return {
    dirName: values('dir-name')?.[0] ?? '',
    walk: { includePatterns: values('include-patterns'), excludePatterns: values('exclude-patterns'), followPaths: values('followpaths') },
  };
}

/** Serves one DiffCopy call; resolves with what was sent, also when the transfer failed. */
export async function serveDiffCopy(call: PacketStream, metadata: SyncMetadata, dirs: ReadonlyMap<string, SyncedDir>): Promise<TransferStats> {
  const started = performance.now();
  const { dirName, walk } = decodeSyncOptions(metadata);
  const stats: TransferStats = { dirName, bytes: 0, files: 0, dataBytes: 0, ms: 0, error: null };
  /** Set on any failure: stop walking and sending. */
  let closed = false;
  /** The call itself is over (cancelled, closed, errored): nothing more can be written to it. */
  let streamGone = false;
  let failure: ((error: Error) => void) | undefined;
  const failed = new Promise<never>((_resolve, reject) => { failure = reject; });
  failed.catch(() => undefined);
  const fail = (error: Error) => { closed = true; failure?.(error); };
  const gone = (error: Error) => { streamGone = true; fail(error); };
  call.on('cancelled', () => gone(new Error('the daemon cancelled the transfer')));
  call.on('error', (error) => gone(error instanceof Error ? error : new Error(String(error))));
  call.on('close', () => gone(new Error('the transfer stream closed')));

  const send = async (packet: Buffer): Promise<void> => {
    if (closed) throw new Error('the transfer stream closed');
    stats.bytes += packet.length;
    if (call.write(packet)) return;
    await new Promise<void>((resolve) => {
      const done = () => { call.removeListener('drain', done); call.removeListener('close', done); resolve(); };
      call.once('drain', done);
      call.once('close', done);
    });
  };

  const dir = dirs.get(dirName);
  const requests: Array<{ id: number; entry: SyncEntry }> = [];
  const files = new Map<number, SyncEntry>();
  let wake: (() => void) | undefined;
  let finished = false;
  call.on('data', (packet: WirePacket) => {
    if (packet.type === PacketType.REQ) {
      const entry = files.get(packet.ID);
      if (!entry) return fail(new Error(`invalid file id ${packet.ID}`));
      files.delete(packet.ID);
      requests.push({ id: packet.ID, entry });
      wake?.();
    } else if (packet.type === PacketType.FIN) {
      finished = true;
      wake?.();
    } else if (packet.type === PacketType.ERR) {
      fail(new Error(`error from receiver: ${Buffer.from(packet.data).toString('utf8')}`));
    }
  });

  // Files are read with synchronous calls, one chunk at a time: thousands of small files cost a
  // thread-pool round trip per open/read/close otherwise, which dominated the transfer. Each
  // chunk is copied into its packet, so one buffer serves every read; sending yields to the event
  // loop whenever the stream asks the sender to wait.
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  const sendFile = async ({ id, entry }: { id: number; entry: SyncEntry }): Promise<void> => {
    let fd: number | undefined;
    try {
      fd = openSync(entry.absolute, 'r');
    } catch (error) {
      // fsutil sends an empty file when it cannot open one: removed since the walk (ENOENT), or a
      // socket (ENXIO), which travels as an empty file.
      if (!['ENOENT', 'ENXIO'].includes((error as NodeJS.ErrnoException)?.code ?? '')) throw error;
    }
    if (fd !== undefined) {
      try {
        for (;;) {
          const read = readSync(fd, chunk, 0, CHUNK_BYTES, null);
          if (read === 0) break;
          stats.dataBytes += read;
          await send(encodePacket({ type: PacketType.DATA, ID: id, data: chunk.subarray(0, read) }));
        }
      } finally {
        closeSync(fd);
      }
    }
    stats.files++;
    await send(encodePacket({ type: PacketType.DATA, ID: id }));
  };

  const walkAndStat = async () => {
    let index = 0;
    for await (const entry of walkForSync(dir!.path, { ...walk, resetOwner: dir!.resetOwner })) {
      if (closed) return;
      if (entry.requestable) files.set(index, entry);
      index++;
      await send(encodePacket({ type: PacketType.STAT, stat: entry.stat }));
    }
    await send(encodePacket({ type: PacketType.STAT }));
  };

  const answerRequests = async () => {
    for (;;) {
      while (requests.length && !closed) await sendFile(requests.shift()!);
      if (closed) return;
      if (finished) break;
      await new Promise<void>((resolve) => { wake = resolve; });
      wake = undefined;
    }
    await send(encodePacket({ type: PacketType.FIN }));
    call.end();
  };

  try {
    if (!dir) throw Object.assign(new Error(`no access allowed to dir "${dirName}"`), { code: 5 /* NOT_FOUND */ });
    await Promise.race([Promise.all([walkAndStat().catch(async (error: unknown) => {
      // Tell the receiver why, as fsutil does, before failing the call.
      await send(encodePacket({ type: PacketType.ERR, data: Buffer.from(errorMessage(error)) })).catch(() => undefined);
      throw error;
    }), answerRequests()]), failed]);
  } catch (error) {
    stats.error = errorMessage(error);
    closed = true;
    // Ends the call with an error status (an emitted error becomes the status trailers).
    if (!streamGone) call.emit('error', error instanceof Error ? error : new Error(String(error)));
  } finally {
    closed = true;
    wake?.();
  }
  stats.ms = performance.now() - started;
  return stats;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
