import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that counts the client's round trips on the wire: a
 * simple-protocol Query ('Q') or an extended-protocol Sync ('S', which ends each parameterised
 * query node-postgres sends) is one request the client waits on. Counting on the wire, not in
 * the code under test, is what makes the number honest.
 */
export class RoundTripCounter {
  private count = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  static async start(databaseUrl: string): Promise<RoundTripCounter> {
    const target = new URL(databaseUrl);
    const server = createServer();
    const counter = new RoundTripCounter(server, target);
    server.on('connection', (client) => counter.relay(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return counter;
  }

  /** The database URL through the proxy. */
  get url(): string {
    const url = new URL(this.target);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as { port: number }).port);
    return url.toString();
  }

  get roundTrips(): number {
    return this.count;
  }

  reset(): void {
    this.count = 0;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket): void {
    const server = createConnection(Number(this.target.port || 5432), this.target.hostname);
    this.sockets.add(client).add(server);
    let pending = Buffer.alloc(0);
    // The startup message has no type byte; every later frontend message is type + length.
    let started = false;
    client.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const headerSize = started ? 5 : 4;
        if (pending.length < headerSize) break;
        const length = started ? pending.readInt32BE(1) + 1 : pending.readInt32BE(0);
        if (pending.length < length) break;
        if (started && (pending[0] === 0x51 || pending[0] === 0x53)) this.count++;
        started = true;
        pending = pending.subarray(length);
      }
      server.write(chunk);
    });
    server.on('data', (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      server.destroy();
    };
    client.on('close', end).on('error', end);
    server.on('close', end).on('error', end);
  }
}
