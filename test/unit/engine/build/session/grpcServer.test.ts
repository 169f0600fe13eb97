// The session's gRPC server (grpcServer.ts) against Node's HTTP/2 client speaking as grpc-go does:
// repeated metadata values kept apart, length-prefixed messages both ways, status trailers, an
// unknown method refused, an error status with its message.
import assert from 'node:assert/strict';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { serveGrpc, type GrpcCall, type GrpcMethod } from '../../../../../engine/build/session/grpcServer';

const frame = (message: Buffer) => Buffer.concat([Buffer.from([0, 0, 0, 0, message.length]), message]);

function unframe(data: Buffer): string[] {
  const messages: string[] = [];
  for (let offset = 0; offset < data.length;) {
    const length = data.readUInt32BE(offset + 1);
    messages.push(data.subarray(offset + 5, offset + 5 + length).toString());
    offset += 5 + length;
  }
  return messages;
}

/** A unix socket whose connections are served by serveGrpc, and an HTTP/2 client on it. */
async function connect(t: { after: (fn: () => void) => void }, methods: Map<string, GrpcMethod>) {
  const socketPath = path.join(tmpdir(), `dockscope-grpc-${randomUUID()}.sock`);
  const closers: Array<() => void> = [];
  const server = net.createServer((socket) => closers.push(serveGrpc(socket, methods)));
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const client = http2.connect('http://localhost', { createConnection: () => net.connect(socketPath) });
  t.after(() => { client.close(); for (const close of closers) close(); server.close(); rmSync(socketPath, { force: true }); });
  return client;
}

function call(client: http2.ClientHttp2Session, headers: http2.OutgoingHttpHeaders, messages: Buffer[]) {
  return new Promise<{ status: string; message: string; replies: string[] }>((resolve, reject) => {
    const stream = client.request({ ':method': 'POST', 'content-type': 'application/grpc', te: 'trailers', ...headers });
    const chunks: Buffer[] = [];
    let head: http2.IncomingHttpHeaders = {};
    stream.on('response', (response) => { head = response; });
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('trailers', (trailers) => resolve({ status: String(trailers['grpc-status']), message: decodeURIComponent(String(trailers['grpc-message'] ?? '')), replies: unframe(Buffer.concat(chunks)) }));
    stream.on('end', () => { if (head['grpc-status']) resolve({ status: String(head['grpc-status']), message: String(head['grpc-message'] ?? ''), replies: [] }); });
    stream.on('error', reject);
    stream.end(Buffer.concat(messages.map(frame)));
  });
}

test('messages, repeated metadata and the OK trailers travel as grpc-go expects', async (t) => {
  let seen: Record<string, string[]> = {};
  const echo: GrpcMethod = {
    decode: (bytes) => bytes.toString(),
    handle: (stream: GrpcCall<unknown>) => {
      seen = stream.metadata;
      const received: string[] = [];
      stream.on('data', (text) => received.push(String(text)));
      stream.on('end', () => undefined);
      setTimeout(() => { for (const text of received) stream.write(Buffer.from(text.toUpperCase())); stream.end(); }, 20);
    },
  };
  const client = await connect(t, new Map([['/test.Echo/Say', echo]]));
  const result = await call(client, { ':path': '/test.Echo/Say', 'exclude-patterns': ['a, b', '!c'], 'dir-name': 'context' }, [Buffer.from('one'), Buffer.from(''), Buffer.from('three')]);
  assert.equal(result.status, '0');
  assert.deepEqual(result.replies, ['ONE', '', 'THREE']);
  assert.deepEqual(seen['exclude-patterns'], ['a, b', '!c'], 'a value containing ", " stays one value');
  assert.deepEqual(seen['dir-name'], ['context']);
});

test('an unknown method is refused with UNIMPLEMENTED; an emitted error becomes the status', async (t) => {
  const failing: GrpcMethod = {
    decode: (bytes) => bytes,
    handle: (stream: GrpcCall<unknown>) => { stream.once('data', () => stream.emit('error', Object.assign(new Error('no access allowed to dir "x" ünï'), { code: 5 }))); },
  };
  const client = await connect(t, new Map([['/test.Fail/Now', failing]]));
  const unknown = await call(client, { ':path': '/test.Nope/Never' }, [Buffer.from('x')]);
  assert.equal(unknown.status, '12');
  const failed = await call(client, { ':path': '/test.Fail/Now' }, [Buffer.from('x')]);
  assert.equal(failed.status, '5');
  assert.equal(failed.message, 'no access allowed to dir "x" ünï');
});
