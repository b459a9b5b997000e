import { createServer, type Server } from 'node:http';

export interface HealthServer {
  url: string;
  stop(): Promise<void>;
}

/** How long /readyz waits for its check before answering not ready: it answers within a second in every state. */
export const READINESS_TIMEOUT_MS = 900;

/** Runs a readiness check; the reason it is not ready, or null. A check that throws or is too slow is not ready. */
export async function readiness(check: () => Promise<string | null>, timeoutMs = READINESS_TIMEOUT_MS): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`the readiness check took longer than ${timeoutMs} ms`), timeoutMs);
  });
  try {
    return await Promise.race([check().catch((error: Error) => error.message), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The health endpoints of a process without the API (a worker-only process): GET /healthz answers
 * 200 while the process is up; GET /readyz 200 when `check` finds nothing wrong, else 503 with the
 * reason. Everything else answers 404. All answers are JSON.
 */
export async function startHealthServer(options: { port: number; host: string; check: () => Promise<string | null> }): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: Record<string, unknown>) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { status: 'error', code: 'METHOD_NOT_ALLOWED' });
    if (path === '/healthz') return send(200, { status: 'ok' });
    if (path === '/readyz') {
      void readiness(options.check).then((reason) => (reason ? send(503, { status: 'unavailable', reason }) : send(200, { status: 'ready' })));
      return;
    }
    send(404, { status: 'error', code: 'NOT_FOUND' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
