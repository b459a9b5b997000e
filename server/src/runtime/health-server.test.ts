import { afterEach, describe, expect, it } from 'vitest';
import { pollingProblem } from '../temporal/worker';
import { readiness, startHealthServer, type HealthServer } from './health-server';

describe('the health server of a worker-only process', () => {
  let server: HealthServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  const never = () => new Promise<string | null>(() => undefined);

  it.each([
    { name: 'ready', check: async () => null, path: '/readyz', status: 200, body: { status: 'ready' } },
    { name: 'not polling', check: async () => 'the Temporal worker is not running (STOPPED)', path: '/readyz', status: 503, body: { status: 'unavailable', reason: 'the Temporal worker is not running (STOPPED)' } },
    { name: 'check throws', check: async () => Promise.reject(new Error('boom')), path: '/readyz', status: 503, body: { status: 'unavailable', reason: 'boom' } },
    { name: 'check hangs', check: never, path: '/readyz', status: 503, body: { status: 'unavailable', reason: 'the readiness check took longer than 900 ms' } },
    { name: 'alive while not ready', check: async () => 'not polling', path: '/healthz', status: 200, body: { status: 'ok' } },
    { name: 'query string', check: async () => null, path: '/readyz?verbose=1', status: 200, body: { status: 'ready' } },
    { name: 'unknown path', check: async () => null, path: '/graphql', status: 404, body: { status: 'error', code: 'NOT_FOUND' } },
  ])('$name: GET $path answers $status', async ({ check, path, status, body }) => {
    server = await startHealthServer({ port: 0, host: '127.0.0.1', check });
    const started = Date.now();
    const response = await fetch(`${server.url}${path}`);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual(body);
  });

  it('answers 405 to other methods', async () => {
    server = await startHealthServer({ port: 0, host: '127.0.0.1', check: async () => null });
    const response = await fetch(`${server.url}/readyz`, { method: 'POST' });
    expect([response.status, await response.json()]).toEqual([405, { status: 'error', code: 'METHOD_NOT_ALLOWED' }]);
  });

  it('times a check out at the given limit', async () => {
    expect(await readiness(never, 50)).toBe('the readiness check took longer than 50 ms');
    expect(await readiness(async () => 'x', 50)).toBe('x');
  });
});

describe('pollingProblem', () => {
  it.each([
    [{ runState: 'RUNNING', workflowPollerState: 'POLLING', activityPollerState: 'POLLING' }, null],
    [{ runState: 'STOPPED', workflowPollerState: 'SHUTDOWN', activityPollerState: 'SHUTDOWN' }, 'the Temporal worker is not running (STOPPED)'],
    [{ runState: 'DRAINING', workflowPollerState: 'POLLING', activityPollerState: 'POLLING' }, 'the Temporal worker is not running (DRAINING)'],
    [{ runState: 'RUNNING', workflowPollerState: 'FAILED', activityPollerState: 'POLLING' }, "the Temporal worker's workflow poller is FAILED"],
    [{ runState: 'RUNNING', workflowPollerState: 'POLLING', activityPollerState: 'SHUTDOWN' }, "the Temporal worker's activity poller is SHUTDOWN"],
  ] as const)('%j: %s', (status, expected) => {
    expect(pollingProblem(status)).toBe(expected);
  });
});
