import { describe, expect, inject, it } from 'vitest';
import { assertConsoleBuilt } from '../support/browser';

const ENCODINGS = { 'accept-encoding': 'br, gzip' };

describe('the console as served by the API', () => {
  it('serves index.html revalidated, hashed assets compressed and cached for a year, and no source maps', async () => {
    assertConsoleBuilt();
    const apiUrl = inject('apiUrl');
    const index = await fetch(`${apiUrl}/`, { headers: ENCODINGS });
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const html = await index.text();
    const scripts = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);

    // a client-side route gets the page, revalidated too
    const route = await fetch(`${apiUrl}/projects/42/show`, { headers: ENCODINGS });
    expect(route.headers.get('cache-control')).toBe('no-cache');
    expect(await route.text()).toBe(html);

    for (const script of scripts) {
      const asset = await fetch(`${apiUrl}${script}`, { headers: ENCODINGS });
      expect(asset.status).toBe(200);
      const body = await asset.text();
      // the middleware leaves tiny files (under 1 KB) as they are
      if (body.length > 1024) expect(asset.headers.get('content-encoding') ?? 'none').toMatch(/^(br|gzip)$/);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(asset.headers.get('vary')).toMatch(/accept-encoding/i);
      expect(body).not.toMatch(/sourceMappingURL/);
      const map = await fetch(`${apiUrl}${script}.map`);
      expect(map.status).toBe(404);
    }

    const plain = await fetch(`${apiUrl}${scripts.find((script) => script.includes('/index-'))}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
  });

  it('leaves GraphQL and the API routes uncompressed', async () => {
    const apiUrl = inject('apiUrl');
    const big = `{ ${Array.from({ length: 80 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
    const graphql = await fetch(`${apiUrl}/graphql`, {
      method: 'POST',
      headers: { ...ENCODINGS, 'content-type': 'application/json' },
      body: JSON.stringify({ query: big }),
    });
    expect(graphql.status).toBe(200);
    expect((await graphql.text()).length).toBeGreaterThan(1024);
    expect(graphql.headers.get('content-encoding')).toBeNull();
    const missingExport = await fetch(`${apiUrl}/exports/nothing`, { headers: ENCODINGS });
    expect(missingExport.headers.get('content-encoding')).toBeNull();
  });
});
