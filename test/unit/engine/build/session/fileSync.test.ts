// The DiffCopy sender (fileSync.ts) against a scripted receiver playing the daemon's part of
// fsutil's protocol: STATs then an empty STAT, REQ answered by DATA chunks and an empty DATA,
// the FIN handshake, ERR both ways; and the call metadata as the daemon sends it.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempContext } from '../../../../helpers/buildContext';
import { decodeSyncOptions, serveDiffCopy, type PacketStream, type SyncedDir } from '../../../../../engine/build/session/fileSync';
import { decodePacket, encodePacket, PacketType, type WirePacket } from '../../../../../engine/build/session/proto';

/** The daemon's side of one call: sees every packet written, answers through `receive`. */
class ScriptedReceiver extends EventEmitter implements PacketStream {
  readonly sent: WirePacket[] = [];
  ended = false;
  constructor(private readonly onPacket: (packet: WirePacket, receiver: ScriptedReceiver) => void) { super(); }
  write(chunk: Buffer): boolean {
    // Round-trip through the wire format, as the daemon would read it.
    const packet = decodePacket(chunk);
    this.sent.push(packet);
    queueMicrotask(() => this.onPacket(packet, this));
    return true;
  }
  end(): void { this.ended = true; }
  receive(packet: Partial<WirePacket> & { type: number }): void {
    this.emit('data', decodePacket(encodePacket(packet)));
  }
}

const dirs = (path: string): Map<string, SyncedDir> => new Map([['context', { path, resetOwner: true }]]);

test('STATs in walk order, then the requested files in chunks, then the FIN handshake', async (t) => {
  const big = Buffer.alloc(300_000, 7);
  const context = tempContext({ 'a.txt': 'alpha\n', 'b/big.bin': big, 'c.txt': 'not requested\n' });
  t.after(context.cleanup);
  let listEnded = false;
  const receiver = new ScriptedReceiver((packet, self) => {
    if (packet.type === PacketType.STAT && !packet.stat?.path?.length && !listEnded) {
      listEnded = true;
      // Indexes count every STAT: a.txt=0, b=1, b/big.bin=2, c.txt=3.
      self.receive({ type: PacketType.REQ, ID: 0 });
      self.receive({ type: PacketType.REQ, ID: 2 });
    }
    const finished = self.sent.filter((sent) => sent.type === PacketType.DATA && sent.data.length === 0).length;
    if (packet.type === PacketType.DATA && packet.data.length === 0 && finished === 2) self.receive({ type: PacketType.FIN });
  });
  const stats = await serveDiffCopy(receiver, { 'dir-name': ['context'] }, dirs(context.dir));

  assert.equal(stats.error, null);
  const stat = receiver.sent.filter((packet) => packet.type === PacketType.STAT);
  assert.deepEqual(stat.map((packet) => String(packet.stat?.path ?? '')), ['a.txt', 'b', 'b/big.bin', 'c.txt', '']);
  const dataFor = (id: number) => Buffer.concat(receiver.sent.filter((packet) => packet.type === PacketType.DATA && packet.ID === id).map((packet) => packet.data));
  assert.equal(dataFor(0).toString(), 'alpha\n');
  assert.ok(dataFor(2).equals(big));
  assert.ok(receiver.sent.filter((packet) => packet.type === PacketType.DATA && packet.ID === 2).length > 2, 'a large file goes in several chunks');
  assert.equal(dataFor(3).length, 0, 'an unrequested file is never sent');
  assert.equal(receiver.sent.at(-1)?.type, PacketType.FIN);
  assert.ok(receiver.ended, 'the call ends after the FIN reply');
  assert.equal(stats.files, 2);
  assert.equal(stats.dataBytes, 6 + big.length);
  assert.ok(stats.bytes > stats.dataBytes);
});

test('a request for an index that is not a regular file fails the transfer', async (t) => {
  const context = tempContext({ 'dir/file': 'x' });
  t.after(context.cleanup);
  const receiver = new ScriptedReceiver((packet, self) => {
    if (packet.type === PacketType.STAT && !packet.stat?.path?.length) self.receive({ type: PacketType.REQ, ID: 0 });
  });
  const errors: Error[] = [];
  receiver.on('error', (error: Error) => errors.push(error));
  const stats = await serveDiffCopy(receiver, { 'dir-name': ['context'] }, dirs(context.dir));
  assert.match(stats.error ?? '', /invalid file id 0/);
  assert.equal(errors.length, 1, 'the call ends with an error status');
});

test('an ERR from the receiver ends the transfer with its message', async (t) => {
  const context = tempContext({ a: 'a' });
  t.after(context.cleanup);
  const receiver = new ScriptedReceiver((packet, self) => {
    if (packet.type === PacketType.STAT && String(packet.stat?.path) === 'a') self.receive({ type: PacketType.ERR, data: Buffer.from('disk full') });
  });
  receiver.on('error', () => undefined);
  const stats = await serveDiffCopy(receiver, { 'dir-name': ['context'] }, dirs(context.dir));
  assert.equal(stats.error, 'error from receiver: disk full');
});

test('a folder the session does not expose, or a failing walk, is refused with an ERR and an error status', async (t) => {
  const context = tempContext({ a: 'a' });
  t.after(context.cleanup);
  const unknown = new ScriptedReceiver(() => undefined);
  unknown.on('error', () => undefined);
  assert.match((await serveDiffCopy(unknown, { 'dir-name': ['secrets'] }, dirs(context.dir))).error ?? '', /no access allowed to dir "secrets"/);

  const badPattern = new ScriptedReceiver(() => undefined);
  const errors: Error[] = [];
  badPattern.on('error', (error: Error) => errors.push(error));
  const stats = await serveDiffCopy(badPattern, { 'dir-name': ['context'], 'exclude-patterns': ['a\\q'] }, dirs(context.dir));
  assert.match(stats.error ?? '', /syntax error in pattern/);
  assert.equal(badPattern.sent.at(-1)?.type, PacketType.ERR, 'the receiver is told why');
  assert.equal(errors.length, 1);
});

test('metadata: URL-encoded values (buildkit encodes non-ASCII ones) are decoded', () => {
  const decoded = decodeSyncOptions({ 'dir-name': ['context'], 'exclude-patterns': ['caf%C3%A9+bar', 'x'], 'exclude-patterns-encoded': ['1'] });
  assert.equal(decoded.dirName, 'context');
  assert.deepEqual(decoded.walk.excludePatterns, ['café bar', 'x']);
  assert.equal(decodeSyncOptions({}).dirName, '');
});

test('a socket in the context, when requested, is sent as an empty file (as the Docker CLI sends it)', async (t) => {
  const context = tempContext({});
  t.after(context.cleanup);
  const server = createServer();
  await new Promise<void>((done) => server.listen(path.join(context.dir, 'sock'), done));
  t.after(() => server.close());
  let listEnded = false;
  const receiver = new ScriptedReceiver((packet, self) => {
    if (packet.type === PacketType.STAT && !packet.stat?.path?.length && !listEnded) {
      listEnded = true;
      self.receive({ type: PacketType.REQ, ID: 0 });
      self.receive({ type: PacketType.FIN });
    }
  });
  const stats = await serveDiffCopy(receiver, { 'dir-name': ['context'] }, dirs(context.dir));
  assert.equal(stats.error, null);
  assert.equal(stats.files, 1);
  const data = receiver.sent.filter((packet) => packet.type === PacketType.DATA);
  assert.deepEqual(data.map((packet) => [packet.ID, packet.data.length]), [[0, 0]]);
});
