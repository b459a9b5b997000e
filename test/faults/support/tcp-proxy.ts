import { connect, createServer, type Server, type Socket } from 'node:net';

export type ProxyMode = 'pass' | 'refuse' | 'hang';

/**
 * A TCP proxy the tests can cut: `pass` forwards, `refuse` closes every connection at once (the
 * server "refuses"), `hang` accepts connections and swallows them (a partition: nothing answers).
 * Switching mode cuts the connections already open, as a network failure would.
 */
export class TcpProxy {
  private server: Server | null = null;
  private sockets = new Set<Socket>();
  mode: ProxyMode = 'pass';

  constructor(
    private readonly upstream: { host: string; port: number },
    readonly port: number,
  ) {}

  async start(): Promise<void> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', resolve);
    });
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
  }

  private accept(client: Socket): void {
    this.track(client);
    if (this.mode === 'refuse') return void client.destroy();
    if (this.mode === 'hang') return;
    const server = connect(this.upstream.port, this.upstream.host);
    this.track(server);
    client.pipe(server).pipe(client);
    const close = () => {
      client.destroy();
      server.destroy();
    };
    client.once('close', close);
    server.once('close', close);
  }

  /** Changes the mode and cuts every open connection. */
  set(mode: ProxyMode): void {
    this.mode = mode;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  async stop(): Promise<void> {
    this.set('refuse');
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
