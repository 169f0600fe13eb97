// Fake Docker daemons on unix sockets, for the failures a real daemon rarely shows on demand:
// an HTTP one (any handler), and raw ones that speak no HTTP at all (a socket that accepts and
// never answers, a TLS port talked to in plain HTTP). Each records when its clients hang up, so a
// test can prove that a timeout or a Ctrl-C really closed the connection.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FakeDaemon {
  socket: string;
  /** `unix://<socket>`, for --host and the setting. */
  host: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Resolves once `count` connections were accepted and have all been closed by the client. */
  allClosed(count?: number): Promise<void>;
  close(): Promise<void>;
}

async function listen(server: Server, onSocket?: (socket: Socket) => void): Promise<FakeDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'dockscope-fake-'));
  const socket = join(dir, 'docker.sock');
  const open = new Set<Socket>();
  let accepted = 0;
  let waiters: Array<() => void> = [];
  let wanted = 1;
  const check = () => {
    if (accepted >= wanted && open.size === 0) { for (const wake of waiters) wake(); waiters = []; }
  };
  server.on('connection', (client: Socket) => {
    accepted++;
    open.add(client);
    client.on('error', () => undefined);
    client.once('close', () => { open.delete(client); check(); });
    onSocket?.(client);
  });
  await new Promise<void>((done) => server.listen(socket, done));
  return {
    socket,
    host: `unix://${socket}`,
    connections: () => accepted,
    allClosed: (count = 1) => new Promise<void>((done) => { wanted = count; waiters.push(done); check(); }),
    close: () => new Promise<void>((done) => {
      for (const client of open) client.destroy();
      server.close(() => { rmSync(dir, { recursive: true, force: true }); done(); });
    }),
  };
}

/** An Engine API answered by `handler`. */
export function fakeHttpDaemon(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<FakeDaemon> {
  return listen(createHttpServer(handler) as unknown as Server);
}

/** Accepts every connection, reads what is sent, and never answers. */
export function silentDaemon(): Promise<FakeDaemon> {
  return listen(createNetServer(), (client) => client.resume());
}

/**
 * What a Docker daemon's TLS port (Go's net/http over crypto/tls) does with a plain HTTP request:
 * it answers with this 400 on the raw connection and hangs up.
 */
export function tlsPortDaemon(): Promise<FakeDaemon> {
  return listen(createNetServer(), (client) => {
    client.once('data', (first: Buffer) => {
      // A TLS ClientHello starts with 0x16; anything else is taken for HTTP.
      if (first[0] === 0x16) { client.destroy(); return; }
      client.end('HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n', () => client.destroy());
    });
  });
}
