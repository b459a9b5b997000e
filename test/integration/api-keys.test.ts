import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadDirectory, PROJECT, START, type Directory, type ProjectView } from '../support/fixtures';
import { Api } from '../support/graphql';

let admin: Api;
let townAdmin: Api;
let dir: Directory;
let db: Client;

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
  townAdmin = await Api.signIn('town.admin@phaseflow.local');
  dir = await loadDirectory(admin);
  db = new Client({ connectionString: inject('databaseUrl') });
  await db.connect();
});

afterAll(async () => {
  await db?.end();
});

const KEY_FIELDS = 'id name prefix unit { names { en } } scopes ratePerMinute burst expiresAt createdBy { email } createdAt lastUsedAt revokedAt active';
const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { ${KEY_FIELDS} } } }`;
const LIST = `query($unitId: ID, $includeRevoked: Boolean) { apiKeys(unitId: $unitId, includeRevoked: $includeRevoked) { ${KEY_FIELDS} } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { ${KEY_FIELDS} } }`;
const ME = '{ me { id email name } }';

interface KeyView {
  id: string;
  name: string;
  prefix: string;
  unit: { names: { en: string } };
  scopes: string[];
  ratePerMinute: number;
  burst: number;
  expiresAt: string | null;
  createdBy: { email: string };
  lastUsedAt: string | null;
  revokedAt: string | null;
  active: boolean;
}

async function createKey(api: Api, input: Record<string, unknown>): Promise<{ secret: string; apiKey: KeyView; api: Api }> {
  const { createApiKey } = await api.ok<{ createApiKey: { secret: string; apiKey: KeyView } }>(CREATE, {
    input: { name: `Partner ${randomUUID().slice(0, 6)}`, unitId: dir.units['Donghe Town'], scopes: ['READ'], ...input },
  });
  return { ...createApiKey, api: new Api(undefined, createApiKey.secret) };
}

/** A plain POST, for the status and headers GraphQL clients hide. */
async function post(url: string, bearer: string, query: string, locale = 'en') {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, 'accept-language': locale },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] } };
}

async function until<T>(what: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<{ value: T; elapsedMs: number }> {
  const started = Date.now();
  for (;;) {
    const value = await what();
    if (done(value)) return { value, elapsedMs: Date.now() - started };
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function startInput(unit: string) {
  return {
    typeKey: 'five-phase',
    title: `Key project ${randomUUID().slice(0, 8)}`,
    unitId: dir.units[unit],
    leadId: dir.users['lead@phaseflow.local'],
    departmentId: dir.units['Organisation Department'],
    teamMemberIds: [dir.users['member1@phaseflow.local']],
  };
}

describe('creating API keys', () => {
  it('gives the whole key once, keeps only its hash and prefix, lists it, and audits it without the secret', async () => {
    const { secret, apiKey } = await createKey(townAdmin, { name: 'ERP reader' });
    expect(secret).toMatch(/^pfk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey).toMatchObject({
      name: 'ERP reader',
      prefix: secret.slice(0, 10),
      unit: { names: { en: 'Donghe Town' } },
      scopes: ['READ'],
      ratePerMinute: 600,
      burst: 100,
      expiresAt: null,
      createdBy: { email: 'town.admin@phaseflow.local' },
      lastUsedAt: null,
      revokedAt: null,
      active: true,
    });
    const listed = (await townAdmin.ok<{ apiKeys: KeyView[] }>(LIST, { unitId: dir.units['Donghe Town'] })).apiKeys;
    expect(listed.find((key) => key.id === apiKey.id)).toEqual(apiKey);
    // The county admin manages the town's keys too; a village-only listing leaves the town's key out.
    expect((await admin.ok<{ apiKeys: KeyView[] }>(LIST, {})).apiKeys.map((key) => key.id)).toContain(apiKey.id);
    expect((await admin.ok<{ apiKeys: KeyView[] }>(LIST, { unitId: dir.units['Liushu Village'] })).apiKeys.map((key) => key.id)).not.toContain(apiKey.id);

    const stored = await db.query('select * from api_key where id = $1', [apiKey.id]);
    expect(stored.rows[0].secret_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored.rows[0])).not.toContain(secret.slice(10));
    const audit = await db.query(`select actor_id, details, before, after from audit_event where action = 'API_KEY_CREATED' and details->>'keyId' = $1`, [apiKey.id]);
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ actor_id: dir.users['town.admin@phaseflow.local'], details: { keyId: apiKey.id, unitId: dir.units['Donghe Town'] } });
    expect(audit.rows[0].after).toMatchObject({ name: 'ERP reader', prefix: apiKey.prefix, scopes: ['read'] });
    expect(JSON.stringify(audit.rows[0])).not.toContain(secret.slice(10));
    expect(JSON.stringify(audit.rows[0])).not.toContain(stored.rows[0].secret_hash);
    // The town's admins see it in the organisation's audit of their subtree.
    const org = await townAdmin.ok<{ organisationAudit: { action: string; details: { keyId?: string } | null }[] }>('{ organisationAudit(first: 50) { action details } }');
    expect(org.organisationAudit.filter((e) => e.action === 'API_KEY_CREATED' && e.details?.keyId === apiKey.id)).toHaveLength(1);
  });

  it('acts through a SYSTEM user of its own, which cannot sign in', async () => {
    const { apiKey, api } = await createKey(townAdmin, { name: 'Reporting' });
    const me = (await api.ok<{ me: { id: string; email: string; name: string } }>(ME)).me;
    expect(me).toMatchObject({ email: `key-${apiKey.id}@keys.phaseflow.invalid`, name: 'API key: Reporting' });
    // From an address of its own, so this failure counts against no other test's sign-ins.
    const response = await fetch(inject('graphqlUrl'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.77' },
      body: JSON.stringify({ query: 'mutation($email: String!) { login(email: $email, password: "anything-at-all") { token } }', variables: { email: me.email } }),
    });
    const login = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(login.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('lets only admins of the unit or above create keys, and checks the input', async () => {
    const operator = await Api.signIn('operator@phaseflow.local');
    const input = { name: 'x', unitId: dir.units['Donghe Town'], scopes: ['READ'] };
    expect((await operator.fails(CREATE, { input })).extensions?.code).toBe('FORBIDDEN');
    expect((await townAdmin.fails(CREATE, { input: { ...input, unitId: dir.units['Xiling Town'] } })).extensions?.code).toBe('NOT_FOUND');
    expect((await townAdmin.fails(CREATE, { input: { ...input, unitId: dir.units['Qingshan County'] } })).extensions?.code).toBe('NOT_FOUND');
    const { api: key } = await createKey(townAdmin, { scopes: ['WRITE'] });
    expect((await key.fails(CREATE, { input })).extensions?.code).toBe('FORBIDDEN');
    expect((await townAdmin.fails(LIST, { unitId: dir.units['Xiling Town'] })).extensions?.code).toBe('NOT_FOUND');
    expect((await operator.ok<{ apiKeys: KeyView[] }>(LIST, {})).apiKeys).toEqual([]);

    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: '  ' }, 'name', 'required'],
      [{ name: 'n'.repeat(101) }, 'name', 'too_big'],
      [{ scopes: [] }, 'scopes', 'too_small'],
      [{ ratePerMinute: 0 }, 'ratePerMinute', 'out_of_range'],
      [{ burst: 100_001 }, 'burst', 'out_of_range'],
      [{ expiresAt: new Date(Date.now() - 60_000).toISOString() }, 'expiresAt', 'in_the_past'],
    ];
    for (const [change, path, code] of cases) {
      const error = await townAdmin.fails(CREATE, { input: { ...input, ...change } });
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.fieldErrors?.map((e) => [e.path, e.code])).toEqual([[path, code]]);
    }
    const zh = await townAdmin.inLocale('zh').fails(CREATE, { input: { ...input, scopes: [] } });
    expect(zh.extensions?.fieldErrors?.[0].message).toBe('至少需要一个权限范围（READ 或 WRITE）');
  });
});

describe('what a key may do', () => {
  it('reads its subtree only: a project elsewhere does not exist for it', async () => {
    const { api } = await createKey(townAdmin, { scopes: ['READ'] });
    const page = await api.ok<{ projects: { totalCount: number; edges: { node: { unit: { names: { en: string } } } }[] } }>(
      '{ projects(first: 100) { totalCount edges { node { unit { names { en } } } } } }',
    );
    expect(page.projects.totalCount).toBeGreaterThan(0);
    // The key's unit is Donghe Town: it sees what the town's admin sees.
    const inScope = (data: { units: { names: { en: string }; inScope: boolean }[] }) => data.units.filter((u) => u.inScope).map((u) => u.names.en).sort();
    const town = inScope(await townAdmin.ok<{ units: { names: { en: string }; inScope: boolean }[] }>('{ units { names { en } inScope } }'));
    expect(town).toEqual(expect.arrayContaining(['Donghe Town', 'Liushu Village', 'Shiqiao Village']));
    expect(town).not.toContain('Xiling Town');
    for (const edge of page.projects.edges) expect(town).toContain(edge.node.unit.names.en);
    const elsewhere = await admin.ok<{ projects: { edges: { node: { id: string } }[] } }>(
      'query($filter: ProjectFilter) { projects(first: 1, filter: $filter) { edges { node { id } } } }',
      { filter: { unitId: dir.units['Xiling Town'] } },
    );
    const foreignId = elsewhere.projects.edges[0].node.id;
    expect((await api.fails(PROJECT, { id: foreignId })).extensions?.code).toBe('NOT_FOUND');
    const units = await api.ok<{ units: { names: { en: string }; inScope: boolean }[] }>('{ units { names { en } inScope } }');
    expect(inScope(units)).toEqual(town);
  });

  it('refuses a write to a READ key with FORBIDDEN', async () => {
    const { api } = await createKey(townAdmin, { scopes: ['READ'] });
    const error = await api.fails(START, { input: startInput('Donghe Town') });
    expect(error.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets a WRITE key start a project in its subtree, audited with the key as the actor, and nowhere else', async () => {
    const { apiKey, api } = await createKey(townAdmin, { scopes: ['WRITE'] });
    const project = (await api.ok<{ startProject: ProjectView }>(START, { input: startInput('Liushu Village') })).startProject;
    expect(project.auditTrail[0]).toMatchObject({ action: 'PROJECT_STARTED', actor: { email: `key-${apiKey.id}@keys.phaseflow.invalid` } });
    const outside = await api.fails(START, { input: startInput('Xiling Town') });
    expect(outside.extensions?.code).toBe('BAD_USER_INPUT');
    expect(outside.extensions?.fieldErrors?.[0].path).toBe('unitId');
  });

  it('records when the key was last used', async () => {
    const { apiKey, api } = await createKey(townAdmin, {});
    await api.ok(ME);
    const { value } = await until(
      async () => (await townAdmin.ok<{ apiKeys: KeyView[] }>(LIST, {})).apiKeys.find((key) => key.id === apiKey.id)!,
      (key) => key.lastUsedAt !== null,
      5_000,
    );
    expect(Date.parse(value.lastUsedAt!)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('ending a key', () => {
  it('stops a revoked key within 5 s on every replica, lists it only on request, and audits it', async () => {
    const { apiKey, secret, api } = await createKey(townAdmin, {});
    const other = api.on(inject('idleGraphqlUrl'));
    await api.ok(ME);
    await other.ok(ME);
    const revoked = (await townAdmin.ok<{ revokeApiKey: KeyView }>(REVOKE, { id: apiKey.id })).revokeApiKey;
    expect(revoked).toMatchObject({ active: false });
    expect(revoked.revokedAt).not.toBeNull();
    // This replica forgets it at once; the other within its 4 s cache.
    expect((await api.fails(ME)).extensions?.code).toBe('UNAUTHENTICATED');
    const { elapsedMs } = await until(() => other.call(ME), (result) => result.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED', 6_000);
    expect(elapsedMs).toBeLessThanOrEqual(5_000);
    expect((await post(inject('idleGraphqlUrl'), secret, ME)).status).toBe(200);

    expect((await townAdmin.ok<{ apiKeys: KeyView[] }>(LIST, {})).apiKeys.map((key) => key.id)).not.toContain(apiKey.id);
    expect((await townAdmin.ok<{ apiKeys: KeyView[] }>(LIST, { includeRevoked: true })).apiKeys.map((key) => key.id)).toContain(apiKey.id);
    const audit = await db.query(`select actor_id from audit_event where action = 'API_KEY_REVOKED' and details->>'keyId' = $1`, [apiKey.id]);
    expect(audit.rows).toEqual([{ actor_id: dir.users['town.admin@phaseflow.local'] }]);
    // Revoking again changes nothing.
    await townAdmin.ok(REVOKE, { id: apiKey.id });
    expect((await db.query(`select 1 from audit_event where action = 'API_KEY_REVOKED' and details->>'keyId' = $1`, [apiKey.id])).rowCount).toBe(1);
  });

  it('lets only admins of its unit or above revoke a key', async () => {
    const { apiKey } = await createKey(admin, { unitId: dir.units['Xiling Town'] });
    expect((await townAdmin.fails(REVOKE, { id: apiKey.id })).extensions?.code).toBe('NOT_FOUND');
    const viewer = await Api.signIn('viewer@phaseflow.local');
    expect((await viewer.fails(REVOKE, { id: apiKey.id })).extensions?.code).toBe('FORBIDDEN');
    expect((await townAdmin.fails(REVOKE, { id: randomUUID() })).extensions?.code).toBe('NOT_FOUND');
  });

  it('stops a key at its expiry', async () => {
    const { apiKey, api } = await createKey(townAdmin, { expiresAt: new Date(Date.now() + 2_000).toISOString() });
    expect(apiKey.expiresAt).not.toBeNull();
    await api.ok(ME);
    await until(() => api.call(ME), (result) => result.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED', 4_000);
    const listed = (await townAdmin.ok<{ apiKeys: KeyView[] }>(LIST, {})).apiKeys.find((key) => key.id === apiKey.id);
    expect(listed).toMatchObject({ active: false, revokedAt: null });
  });

  it('stops a key whose SYSTEM user is deactivated', async () => {
    const { api } = await createKey(townAdmin, {});
    const me = (await api.ok<{ me: { id: string } }>(ME)).me;
    await db.query('update app_user set active = false where id = $1', [me.id]);
    const { elapsedMs } = await until(() => api.call(ME), (result) => result.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED', 6_000);
    expect(elapsedMs).toBeLessThanOrEqual(5_000);
  });
});

describe("a key's rate limit", () => {
  it('answers 429 with Retry-After and RATE_LIMITED past its bucket, on every replica, for GraphQL and attachments', async () => {
    const { secret } = await createKey(townAdmin, { ratePerMinute: 1, burst: 1 });
    // One request of the steady rate, one of the burst; the third is over, on the other replica too.
    expect((await post(inject('graphqlUrl'), secret, ME)).status).toBe(200);
    expect((await post(inject('graphqlUrl'), secret, ME)).status).toBe(200);
    const over = await post(inject('idleGraphqlUrl'), secret, ME);
    expect(over.status).toBe(429);
    expect(Number(over.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(over.retryAfter)).toBeLessThanOrEqual(60);
    expect(over.body.errors).toEqual([
      { message: 'too many requests: this API key is over its rate limit; retry after Retry-After seconds', extensions: { code: 'RATE_LIMITED', retryAfter: Number(over.retryAfter) } },
    ]);
    const zh = await post(inject('graphqlUrl'), secret, ME, 'zh');
    expect(zh.status).toBe(429);
    expect(zh.body.errors?.[0].message).toBe('请求过于频繁：该 API 密钥已超出速率限制，请在 Retry-After 秒后重试');

    const download = await fetch(`${inject('apiUrl')}/attachments/${randomUUID()}`, { headers: { authorization: `Bearer ${secret}` } });
    expect(download.status).toBe(429);
    expect(Number(download.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await download.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
  });

  it('leaves other keys and people alone', async () => {
    const { secret } = await createKey(townAdmin, { ratePerMinute: 1, burst: 1 });
    const { secret: other } = await createKey(townAdmin, { ratePerMinute: 1, burst: 1 });
    for (let i = 0; i < 3; i += 1) await post(inject('graphqlUrl'), secret, ME);
    expect((await post(inject('graphqlUrl'), secret, ME)).status).toBe(429);
    expect((await post(inject('graphqlUrl'), other, ME)).status).toBe(200);
    expect((await post(inject('graphqlUrl'), townAdmin.bearer!, ME)).status).toBe(200);
  });
});
