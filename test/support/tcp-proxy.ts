import net from 'node:net';

/**
 * A TCP proxy in front of a server that a test can cut: `pass` forwards, `refuse` closes every new
 * connection at once and resets the open ones (the server is down), `hang` accepts connections and
 * swallows every byte both ways (a partition). Back to `pass`, the swallowed connections are reset,
 * as a real partition's would be by the time it heals.
 */
export type ProxyMode = 'pass' | 'refuse' | 'hang';

export interface TcpProxy {
  port: number;
  /** The upstream URL with its host and port replaced by the proxy's. */
  url(upstream: string): string;
  set(mode: ProxyMode): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'pass';
  const open = new Set<net.Socket>();
  const swallowed = new Set<net.Socket>();

  const server = net.createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => undefined);
    if (mode === 'refuse') return void client.destroy();
    if (mode === 'hang') {
      swallowed.add(client);
      client.on('data', () => undefined);
      return;
    }
    const upstream = net.connect(target.port, target.host);
    open.add(upstream);
    upstream.on('close', () => open.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    // Forward only while passing; in a partition the bytes go nowhere.
    client.on('data', (chunk: Buffer) => {
      if (mode === 'pass') upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (mode === 'pass') client.write(chunk);
    });
    (client as net.Socket & { upstream?: net.Socket }).upstream = upstream;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    url(upstream) {
      const url = new URL(upstream);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    set(next) {
      const previous = mode;
      mode = next;
      if (next === 'refuse') {
        for (const socket of open) socket.resetAndDestroy();
      } else if (next === 'hang') {
        // Open connections stay open and forward nothing from now on.
        for (const socket of open) if (!swallowed.has(socket)) swallowed.add(socket);
      } else if (previous === 'hang') {
        for (const socket of swallowed) socket.resetAndDestroy();
        swallowed.clear();
      }
    },
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
