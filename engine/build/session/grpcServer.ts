// The little of gRPC a build session needs, served straight on Node's HTTP/2 (h2c over the
// hijacked socket): length-prefixed messages, `application/grpc` headers, status trailers.
// Why not @grpc/grpc-js: its server call hands each message to HTTP/2 and waits for that write's
// callback before the next one, one event-loop turn per message; a context of 5,000 files is
// 15,000 messages, and those turns were most of the transfer time. Here messages are framed
// into one buffer and written in batches, and repeated metadata keys arrive unjoined.
import * as http2 from 'node:http2';
import type { Duplex } from 'node:stream';
import { EventEmitter } from 'node:events';

/** Metadata as grpc-go sends it: every value of a repeated key, in order. */
export type GrpcMetadata = Record<string, string[]>;

/** A server-side bidi stream: 'data' per decoded request message; write/end for responses. */
export class GrpcCall<Request> extends EventEmitter {
  private batch: Buffer[] = [];
  private batchBytes = 0;
  private flushScheduled = false;
  private finished = false;

  constructor(private readonly stream: http2.ServerHttp2Stream, readonly metadata: GrpcMetadata, decode: (bytes: Buffer) => Request) {
    super();
    stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    let pending: Buffer = Buffer.alloc(0);
    stream.on('data', (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= 5) {
        const length = pending.readUInt32BE(1);
        if (pending.length < 5 + length) break;
        if (pending[0] !== 0) return this.fail(12, 'compressed messages are not supported');
        const message = pending.subarray(5, 5 + length);
        pending = pending.subarray(5 + length);
        try {
          this.emit('data', decode(message));
        } catch (error) {
          return this.fail(13, `undecodable message: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    });
    stream.on('drain', () => this.emit('drain'));
    stream.on('close', () => {
      if (!this.finished) this.emit('cancelled');
      this.emit('close');
    });
    stream.on('error', () => undefined); // a reset shows as 'close' before the end
  }

  /** Queues one encoded message; false when the caller should wait for 'drain'. */
  write(message: Buffer): boolean {
    if (this.finished) return false;
    const prefix = Buffer.allocUnsafe(5);
    prefix[0] = 0;
    prefix.writeUInt32BE(message.length, 1);
    this.batch.push(prefix, message);
    this.batchBytes += 5 + message.length;
    if (this.batchBytes >= 64 << 10) return this.flush();
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => { this.flushScheduled = false; this.flush(); });
    }
    return true;
  }

  /** Ends the call with status OK. */
  end(): void {
    this.finish(0, '');
  }

  /** Ends the call with an error status (grpc-js' convention: an 'error' event is a failed call). */
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'error' && !this.finished) {
      const error = args[0] as { code?: unknown; message?: unknown } | undefined;
      this.finish(typeof error?.code === 'number' ? error.code : 2, String(error?.message ?? 'unknown error'));
    }
    return super.emit(event, ...args);
  }

  private fail(code: number, message: string): void {
    this.finish(code, message);
    this.emit('cancelled');
  }

  private flush(): boolean {
    if (!this.batchBytes || this.stream.destroyed) return !this.stream.writableNeedDrain;
    const data = Buffer.concat(this.batch, this.batchBytes);
    this.batch = [];
    this.batchBytes = 0;
    return this.stream.write(data);
  }

  private finish(code: number, message: string): void {
    if (this.finished) return;
    this.finished = true;
    this.flush();
    if (this.stream.destroyed) return;
    this.stream.once('wantTrailers', () => {
      const trailers: http2.OutgoingHttpHeaders = { 'grpc-status': String(code) };
      if (message) trailers['grpc-message'] = encodeURIComponent(message);
      try { this.stream.sendTrailers(trailers); } catch { /* the stream went away meanwhile */ }
    });
    this.stream.end();
  }
}

export interface GrpcMethod {
  decode: (bytes: Buffer) => unknown;
  /** Bidi and unary alike: the handler writes its response message(s) and ends the call. */
  handle: (call: GrpcCall<unknown>) => void;
}

/** Serves `methods` (by path) on one already connected socket; returns a closer. */
export function serveGrpc(socket: Duplex, methods: ReadonlyMap<string, GrpcMethod>): () => void {
  const server = http2.createServer();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.on('error', () => undefined);
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream, headers, _flags, rawHeaders?: string[]) => {
    const metadata: GrpcMetadata = {};
    const pairs = rawHeaders ?? Object.entries(headers).flatMap(([key, value]) => (Array.isArray(value) ? value.flatMap((v) => [key, v]) : [key, String(value)]));
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const key = pairs[i].toLowerCase();
      if (key.startsWith(':')) continue;
      (metadata[key] ??= []).push(pairs[i + 1]);
    }
    const method = methods.get(String(headers[':path']));
    if (!method) {
      stream.respond({ ':status': 200, 'content-type': 'application/grpc', 'grpc-status': '12', 'grpc-message': 'unknown method' }, { endStream: true });
      return;
    }
    method.handle(new GrpcCall(stream, metadata, method.decode));
  });
  server.emit('connection', socket);
  return () => {
    for (const session of sessions) session.destroy();
    server.close();
    socket.destroy();
  };
}
