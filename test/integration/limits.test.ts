import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { buildSchema, getIntrospectionQuery, parse, validate } from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findRepoRoot, loadConfig } from '../../server/src/config';
import { limitRules } from '../../server/src/graphql/limits';
import { createLog } from '../../server/src/log';
import { startPhaseflow, type Phaseflow } from '../../server/src/phaseflow';
import { pickPort } from '../../server/src/runtime/ports';
import { Api } from '../support/graphql';

/**
 * Issue 8, items 2 and 6: bounded queries, what production shows of the schema, and error answers
 * that are JSON with a code (never Express's HTML page with a stack trace).
 */

const DEFAULTS = loadConfig({ JWT_SECRET: 'x'.repeat(32), DATA_DIR: tmpdir() }).graphqlLimits;
const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
/** A valid query `depth` fields deep, the leaf included: me › roles › unit › parent … › id. */
const nested = (depth: number) => `{ me { roles { unit { ${'parent { '.repeat(depth - 4)}id${' }'.repeat(depth - 4)} } } } }`;
const STACK = /\bat \S+ \(|\/work\/|node_modules|<html|<pre/i;

let admin: Api;

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
});

async function post(path: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${inject('apiUrl')}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const raw = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', raw, json: JSON.parse(raw) as Record<string, unknown> };
}

describe('query limits', () => {
  it.each([
    ['MAX_DEPTH', nested(12), 10, 12],
    ['MAX_ALIASES', aliases(21), 20, 21],
    ['MAX_COST', '{ projects(first: 100) { edges { node { auditTrail { before after } } } } }', DEFAULTS.maxCost, 50300],
    ['MAX_DIRECTIVES', `{ me { ${'... on User @include(if: true) { id } '.repeat(21)} } }`, 20, 21],
  ])('refuses a query over %s with BAD_USER_INPUT naming the limit, in zh and en', async (limit, query, max, actual) => {
    const [en, zh] = await Promise.all([admin.inLocale('en').fails(query), admin.inLocale('zh').fails(query)]);
    for (const error of [en, zh]) expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', limit, max, actual });
    expect(en.message).toMatch(/^the query exceeds a limit: .* may be at most \d+ \(this query: \d+\); split or narrow the query$/);
    expect(zh.message).toMatch(/^查询超出限制：.*最多 \d+（本查询为 \d+），请拆分或缩小查询$/);
  });

  it('refuses a document of more tokens than GRAPHQL_MAX_TOKENS, naming MAX_TOKENS, in zh and en', async () => {
    const query = `{ me { ${'id '.repeat(DEFAULTS.maxTokens)} } }`;
    const [en, zh] = await Promise.all([admin.inLocale('en').fails(query), admin.inLocale('zh').fails(query)]);
    expect(en).toMatchObject({ message: `the query exceeds a limit: the number of tokens in the query may be at most ${DEFAULTS.maxTokens}; split or narrow the query`, extensions: { code: 'BAD_USER_INPUT', limit: 'MAX_TOKENS', max: DEFAULTS.maxTokens } });
    expect(zh).toMatchObject({ message: `查询超出限制：查询的词法单元个数最多 ${DEFAULTS.maxTokens}，请拆分或缩小查询`, extensions: { code: 'BAD_USER_INPUT', limit: 'MAX_TOKENS' } });
  });

  it('answers queries just within the limits', async () => {
    const data = await admin.ok<Record<string, { id: string }>>(aliases(20));
    expect(Object.keys(data)).toHaveLength(20);
    await admin.ok(nested(10));
    await admin.ok('{ projects(first: 5) { edges { node { auditTrail { id } } } } }');
  });

  it('lets every document of the console through the default limits', async () => {
    // By path: the console is a project of its own (ESM, Vite), outside this package's sources.
    const consoleDocuments = (await import(join(findRepoRoot(), 'admin-ui', 'src', 'providers', 'documents.ts'))) as Record<string, string>;
    expect(Object.keys(consoleDocuments).length).toBeGreaterThan(30);
    const schema = buildSchema(readFileSync(join(findRepoRoot(), 'server', 'schema.graphql'), 'utf8'));
    const refused = Object.entries(consoleDocuments).flatMap(([name, text]) =>
      validate(schema, parse(text, { maxTokens: DEFAULTS.maxTokens }), limitRules(DEFAULTS)).map((error) => `${name}: ${error.message}`),
    );
    expect(refused).toEqual([]);
  });
});

describe('bad input in the projects filter', () => {
  it.each([
    ['filter.search', { search: 'a\u0000b' }, 'invalid_character'],
    ['filter.typeKey', { typeKey: '\u0000' }, 'invalid_character'],
    ['filter.stageKey', { stageKey: 'x\u0000' }, 'invalid_character'],
    ['filter.unitId', { unitId: 'not-a-uuid' }, 'invalid_id'],
    ['filter.leadId', { leadId: '1 or 1=1' }, 'invalid_id'],
  ])('%s answers BAD_USER_INPUT with the field path', async (path, filter, code) => {
    const error = await admin.fails('query($filter: ProjectFilter) { projects(filter: $filter) { totalCount } }', { filter });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ path, code }] });
  });

  it('refuses a NUL character anywhere in a request, in its variables or its query, with the path', async () => {
    const start = await admin.fails('mutation($input: StartProjectInput!) { startProject(input: $input) { id } }', {
      input: { typeKey: 'five-phase', title: '标题\u0000', unitId: 'x', departmentId: 'x', leadId: 'x', teamMemberIds: ['x'] },
    });
    expect(start.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ path: 'input.title', code: 'invalid_character' }] });
    const literal = await admin.fails('{ projects(filter: { search: "a\\u0000b" }) { totalCount } }');
    expect(literal.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ path: 'filter.search', code: 'invalid_character' }] });
  });

  it('answers a forged cursor with after: invalid_cursor', async () => {
    const forged = Buffer.from(JSON.stringify(['title', "x'; drop table project; --", 'nope'])).toString('base64url');
    for (const after of [forged, '%%%', Buffer.from('\u0000').toString('base64url')]) {
      const error = await admin.fails('query($after: String) { projects(after: $after) { totalCount } }', { after });
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fieldErrors: [{ path: 'after', code: 'invalid_cursor' }] });
    }
  });
});

describe('error answers are JSON with a code', () => {
  it('answers malformed JSON with 400 BAD_REQUEST, in the GraphQL shape, without a stack', async () => {
    for (const locale of ['en', 'zh']) {
      const answer = await post('/graphql', '{"query": "{ me { id } }"', { 'accept-language': locale });
      expect(answer.status).toBe(400);
      expect(answer.type).toMatch(/^application\/json/);
      expect(answer.json).toEqual({ errors: [{ message: locale === 'en' ? 'the request body is not valid JSON' : '请求体不是有效的 JSON', extensions: { code: 'BAD_REQUEST' } }] });
      expect(answer.raw).not.toMatch(STACK);
    }
  });

  it('answers a body over the limit with 413 PAYLOAD_TOO_LARGE, without a stack', async () => {
    const answer = await post('/graphql', JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(15 * 1024 * 1024) } }));
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    expect(answer.raw).not.toMatch(STACK);
  });

  /** Sends the headers and the first 64 KB of a body that declares `declared` bytes; resolves with the answer. */
  function uploadStart(declared: number, headers: Record<string, string>): Promise<{ status: number; body: string; ms: number }> {
    const url = new URL(`${inject('apiUrl')}/attachments`);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(declared), ...headers } },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started });
            req.destroy();
          });
        },
      );
      req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)));
      req.write(Buffer.alloc(64 * 1024, 'x'));
    });
  }

  it('answers an upload without a token 401 before its body arrives', async () => {
    const answer = await uploadStart(45 * 1024 * 1024, {});
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(answer.ms).toBeLessThan(5000);
  });

  it('answers an upload that declares more than the largest file 413 before its body arrives', async () => {
    const answer = await uploadStart(60 * 1024 * 1024, { authorization: `Bearer ${admin.bearer}` });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'BAD_USER_INPUT' } });
  });
});

describe('what the schema shows', () => {
  it('outside production: introspection for anyone, and field suggestions', async () => {
    const anonymous = new Api(inject('graphqlUrl'));
    expect((await anonymous.call(getIntrospectionQuery())).errors).toBeUndefined();
    expect((await anonymous.fails('{ projectz { totalCount } }')).message).toMatch(/Did you mean .*"projects"/);
  });

  describe('with NODE_ENV=production', () => {
    let production: Phaseflow;
    let dataDir: string;
    let url: string;

    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'phaseflow-production-'));
      production = await startPhaseflow(
        loadConfig({
          ...process.env,
          NODE_ENV: 'production',
          DATA_DIR: dataDir,
          HOST: '127.0.0.1',
          PORT: String(await pickPort(54600)),
          JWT_SECRET: 'production-secret-production-secret-0123',
          DATABASE_URL: inject('databaseUrl'),
          TEMPORAL_ADDRESS: inject('temporalAddress'),
          TEMPORAL_TASK_QUEUE: 'phaseflow-production-test',
          RUN_WORKER: 'false',
          SEED: 'false',
        }),
        createLog('warn'),
      );
      url = production.graphqlUrl!;
    });

    afterAll(async () => {
      await production?.stop();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('refuses anonymous introspection, in zh and en', async () => {
      for (const [locale, message] of [
        ['en', 'introspection is not allowed on this server'],
        ['zh', '此服务器不允许查询接口结构（introspection）'],
      ] as const) {
        const result = await new Api(url, null, locale).call(getIntrospectionQuery());
        expect(result.data ?? null).toBeNull();
        expect(result.errors).toEqual([{ message, extensions: { code: 'UNAUTHENTICATED', reason: 'INTROSPECTION_DISABLED' } }]);
      }
      const byType = await new Api(url).fails('{ __type(name: "Mutation") { fields { name } } }');
      expect(byType.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'INTROSPECTION_DISABLED' });
    });

    it('refuses a signed-in non-admin, and lets a signed-in admin introspect', async () => {
      const viewerHere = await Api.signIn('viewer@phaseflow.local', 'phaseflow', url);
      expect((await viewerHere.fails('{ __schema { mutationType { name } } }')).extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'INTROSPECTION_DISABLED' });
      const adminHere = await Api.signIn('admin@phaseflow.local', 'phaseflow', url);
      const schema = await adminHere.ok<{ __schema: { mutationType: { name: string } } }>('{ __schema { mutationType { name } } }');
      expect(schema.__schema.mutationType.name).toBe('Mutation');
    });

    it('still answers __typename and ordinary queries anonymously and signed in', async () => {
      expect(await new Api(url).ok('{ __typename }')).toEqual({ __typename: 'Query' });
      const viewerHere = await Api.signIn('viewer@phaseflow.local', 'phaseflow', url);
      expect(await viewerHere.ok<{ me: { email: string } }>('{ me { email } }')).toEqual({ me: { email: 'viewer@phaseflow.local' } });
    });

    it('gives no field suggestions', async () => {
      const error = await new Api(url).fails('{ projectz { totalCount } }');
      expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(JSON.stringify(error)).not.toMatch(/Did you mean|projects/);
    });
  });
});
