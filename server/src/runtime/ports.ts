import { createServer } from 'node:net';

function listenOnce(port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(bound));
    });
  });
}

/** True when a listener could bind `host:port` right now. */
export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  try {
    await listenOnce(port, host);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') return false;
    throw error;
  }
}

/** `preferred` when it is free on `host`, otherwise a free port the OS assigns (never one in `exclude`). */
export async function pickPort(preferred: number, host = '127.0.0.1', exclude: readonly number[] = []): Promise<number> {
  if (!exclude.includes(preferred) && (await isPortFree(preferred, host))) return preferred;
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await listenOnce(0, host);
    if (!exclude.includes(port)) return port;
  }
  throw new Error(`no free port found on ${host}`);
}
