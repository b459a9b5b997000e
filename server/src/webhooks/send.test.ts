import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EMPTY_ALLOW_LIST, parseAllowList } from './address-guard';
import { postWebhook } from './send';

let server: Server;
let base: string;
let received = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    received += 1;
    req.resume();
    if (req.url === '/ok') res.writeHead(204).end();
    else if (req.url === '/teapot') res.writeHead(418).end('no');
    else if (req.url === '/huge') {
      // Ten megabytes, slowly: the sender stops after its limit instead of waiting for all of it.
      res.writeHead(200);
      let sent = 0;
      const timer = setInterval(() => {
        if (sent >= 10_000_000 || res.destroyed) return clearInterval(timer);
        res.write(Buffer.alloc(64 * 1024, 120));
        sent += 64 * 1024;
      }, 20);
    }
    // /silent never answers.
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://localhost:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const allow = parseAllowList('localhost');
const limits = { timeoutMs: 1000, maxResponseBytes: 4096, allow };

describe('posting a webhook', () => {
  it('answers a 2xx as delivered, anything else as a failed attempt with its status', async () => {
    expect(await postWebhook(`${base}/ok`, {}, '{}', limits)).toMatchObject({ statusCode: 204, error: null, succeeded: true });
    expect(await postWebhook(`${base}/teapot`, {}, '{}', limits)).toMatchObject({ statusCode: 418, error: null, succeeded: false });
  });

  it('gives up at the timeout', async () => {
    const outcome = await postWebhook(`${base}/silent`, {}, '{}', limits);
    expect(outcome).toMatchObject({ statusCode: null, succeeded: false, error: 'no answer within 1000 ms' });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(990);
    expect(outcome.latencyMs).toBeLessThan(2000);
  });

  it('reads no more of an answer than the limit', async () => {
    const outcome = await postWebhook(`${base}/huge`, {}, '{}', { ...limits, timeoutMs: 10_000 });
    expect(outcome).toMatchObject({ statusCode: 200, succeeded: true });
    // 10 MB at 64 KB every 20 ms would take about 3 s.
    expect(outcome.latencyMs).toBeLessThan(1000);
  });

  it('refuses a loopback target at connect time without the allow-list, by name and by address, before sending anything', async () => {
    const before = received;
    const byName = await postWebhook(`${base}/ok`, {}, '{}', { ...limits, allow: EMPTY_ALLOW_LIST });
    expect(byName).toMatchObject({ statusCode: null, succeeded: false });
    expect(byName.error).toMatch(/localhost resolves to .*loopback/);
    const byAddress = await postWebhook(base.replace('localhost', '127.0.0.1') + '/ok', {}, '{}', { ...limits, allow: EMPTY_ALLOW_LIST });
    expect(byAddress.error).toMatch(/127\.0\.0\.1 .*loopback/);
    expect(received).toBe(before);
    expect(await postWebhook(base.replace('localhost', '127.0.0.1') + '/ok', {}, '{}', { ...limits, allow: parseAllowList('127.0.0.0/8') })).toMatchObject({ succeeded: true });
  });

  it('records a refused connection and a bad URL as failed attempts', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await postWebhook(`http://localhost:${port}/`, {}, '{}', limits)).error).toMatch(/ECONNREFUSED/);
    expect(await postWebhook('not a url', {}, '{}', limits)).toMatchObject({ statusCode: null, error: 'not a URL', succeeded: false });
  });
});
