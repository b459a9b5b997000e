import { monthEnd, monthOf, monthStart, shiftMonth } from '@phaseflow/workflows';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hashPassword } from '../../server/src/auth/password';
import { computeBulletin } from '../../server/src/bulletins/bulletin-figures';
import { openOrm } from '../../server/src/db/orm';
import { Api } from '../support/graphql';

const ZONE = 'Asia/Shanghai';
const MONTH = '2026-09';
const DAY = 24 * 3600_000;
/** A wall-clock instant in Beijing. */
const bj = (local: string) => new Date(`${local}+08:00`);

let admin: Api;
let townAdmin: Api;
let viewer: Api;
let outsider: Api;
let db: Client;
let typeKey: string;
const towns: { id: string; code: string; nameEn: string }[] = [];
let county: string;
let department: string;

const ROW_FIELDS = 'unitId code name total active completed cancelled completionRate rank completedInMonth newInMonth overdue overdueDays warning previousRank previousRate rankChange rateChange interview';
const BULLETIN_FIELDS = `id scopeUnitId typeKey typeName month level timeZone asOf generatedAt generatedBy { email } interviewCount rows { ${ROW_FIELDS} }`;
const GENERATE = `mutation($typeKey: String!, $month: String!, $level: BulletinLevel) { generateBulletin(typeKey: $typeKey, month: $month, level: $level) { ${BULLETIN_FIELDS} } }`;
const ONE = `query($id: ID!) { bulletin(id: $id) { ${BULLETIN_FIELDS} } }`;
const LIST = `query($typeKey: String) { bulletins(typeKey: $typeKey) { id month level typeKey } }`;

interface RowView {
  unitId: string;
  code: string;
  name: string;
  total: number;
  completed: number;
  completionRate: number;
  rank: number | null;
  completedInMonth: number;
  newInMonth: number;
  overdue: number;
  overdueDays: number;
  warning: number;
  previousRank: number | null;
  rankChange: number | null;
  interview: boolean;
}
interface BulletinView {
  id: string;
  typeName: string;
  month: string;
  asOf: string;
  generatedBy: { email: string } | null;
  interviewCount: number;
  rows: RowView[];
}

/** A project of the test type in a town, with its history written as the read model would have (times in the past). */
async function project(town: string, history: { status: string; from: Date; dueAt?: Date; warnAt?: Date }[]): Promise<string> {
  const id = randomUUID();
  const { rows } = await db.query<{ type_id: string; lead: string; department: string }>(
    `select (select id from project_type where key = $1) as type_id,
            (select id from app_user where email = 'lead@phaseflow.local') as lead,
            $2::uuid as department`,
    [typeKey, department],
  );
  const last = history[history.length - 1];
  await db.query(
    `insert into project (id, code, title, type_id, type_key, type_version, unit_id, lead_id, department_id, status, current_stage_key,
                          workflow_id, roles, last_seq, created_by, created_at, updated_at)
     values ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9, null, $10, '{}'::jsonb, $11, $7, $12, $12)`,
    [id, `BT-${id.slice(0, 8)}`, `bulletin test ${id.slice(0, 8)}`, rows[0].type_id, typeKey, town, rows[0].lead, rows[0].department, last.status, `bt-${id}`, history.length, history[0].from],
  );
  for (const [index, row] of history.entries()) {
    const next = history[index + 1];
    await db.query(
      `insert into project_history (id, project_id, seq, type_key, unit_id, lead_id, status, stage_key, due_at, warn_at, designation_status, valid_from, valid_to)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, null, $11, $12)`,
      [randomUUID(), id, index + 1, typeKey, town, rows[0].lead, row.status, row.status === 'ACTIVE' ? 'planned' : null, row.dueAt ?? null, row.warnAt ?? null, row.from, next ? next.from : 'infinity'],
    );
  }
  return id;
}

/** Work done today, after the bulletin's month: the project completes now (its open row closed once, a new one added). */
async function completeNow(projectId: string): Promise<void> {
  const now = new Date();
  await db.query(`update project_history set valid_to = $2 where project_id = $1 and valid_to = 'infinity'`, [projectId, now]);
  await db.query(
    `insert into project_history (id, project_id, seq, type_key, unit_id, lead_id, status, valid_from)
     select $1, project_id, seq + 1, type_key, unit_id, lead_id, 'COMPLETED', $3 from project_history where project_id = $2 order by seq desc limit 1`,
    [randomUUID(), projectId, now],
  );
}

const created = bj('2026-06-15T10:00:00');
const done = (at: string) => [
  { status: 'ACTIVE', from: created, dueAt: bj('2027-06-01T00:00:00') },
  { status: 'COMPLETED', from: bj(at) },
];
const open = (dueAt = bj('2027-06-01T00:00:00'), warnAt?: Date, from = created) => [{ status: 'ACTIVE', from, dueAt, warnAt }];
const stillOpen: string[] = [];

async function unit(id: string, code: string, kind: string, parent: string | null, path: string, sortOrder: number, nameEn: string): Promise<void> {
  await db.query(
    `insert into unit (id, code, name_zh, name_en, kind, parent_id, path, sort_order, active, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, true, now(), now())`,
    [id, code, `${nameEn}（测试）`, nameEn, kind, parent, path, sortOrder],
  );
}

async function user(label: string, unitId: string, role: string): Promise<Api> {
  const id = randomUUID();
  const email = `${label}-${id.slice(0, 8)}@example.org`;
  await db.query(
    `insert into app_user (id, email, name, password_hash, kind, active, token_version, created_at, updated_at)
     values ($1, $2, $3, $4, 'PERSON', true, 0, now(), now())`,
    [id, email, label, await hashPassword('bulletin-password-1')],
  );
  await db.query(`insert into role_assignment (id, user_id, unit_id, role) values ($1, $2, $3, $4)`, [randomUUID(), id, unitId, role]);
  return Api.signIn(email, 'bulletin-password-1');
}

beforeAll(async () => {
  db = new Client({ connectionString: inject('databaseUrl') });
  await db.connect();

  // A tree of its own (a county, six towns, a department), so that no other test sees these projects.
  const tag = randomUUID().slice(0, 8);
  county = randomUUID();
  await unit(county, `bt-${tag}`, 'COUNTY', null, `/${county}/`, 90, `Bulletin County ${tag}`);
  for (let i = 1; i <= 6; i += 1) {
    const id = randomUUID();
    await unit(id, `bt-${tag}-town${i}`, 'TOWN', county, `/${county}/${id}/`, i, `Town ${i}`);
    towns.push({ id, code: `bt-${tag}-town${i}`, nameEn: `Town ${i}` });
  }
  department = randomUUID();
  await unit(department, `bt-${tag}-dept`, 'DEPARTMENT', county, `/${county}/${department}/`, 10, 'Department');
  admin = await user('county-admin', county, 'admin');
  townAdmin = await user('town5-admin', towns[4].id, 'admin');
  viewer = await user('town1-viewer', towns[0].id, 'viewer');
  outsider = await Api.signIn('admin@phaseflow.local');

  typeKey = `bulletin-test-${tag}`;
  await db.query(
    `insert into project_type (id, key, version, name, definition, published_at)
     select $1, $2::text, 1, '{"zh":"通报测试","en":"Bulletin test"}'::jsonb, jsonb_set(definition, '{key}', to_jsonb($2::text)), now()
       from project_type order by published_at limit 1`,
    [randomUUID(), typeKey],
  );
  const [a, b, c, d, e] = towns.map((town) => town.id);

  // A: 4 of 4 done by July; B: 3 of 4; C: 2 of 4, a third on 10 September; D: 1 of 4, a new one on 5 September;
  // E: none done, two due on 20 September (overdue 11 days each at the end of the month), two warned on 25 September.
  // Town 6 has no project of the type.
  for (let i = 0; i < 4; i += 1) await project(a, done('2026-07-01T10:00:00'));
  for (let i = 0; i < 3; i += 1) await project(b, done('2026-07-02T10:00:00'));
  await project(b, open());
  for (let i = 0; i < 2; i += 1) await project(c, done('2026-07-03T10:00:00'));
  await project(c, done('2026-09-10T10:00:00'));
  await project(c, open());
  await project(d, done('2026-07-04T10:00:00'));
  for (let i = 0; i < 3; i += 1) await project(d, open());
  await project(d, open(undefined, undefined, bj('2026-09-05T09:00:00')));
  for (let i = 0; i < 2; i += 1) stillOpen.push(await project(e, open(bj('2026-09-20T00:00:00'))));
  for (let i = 0; i < 2; i += 1) stillOpen.push(await project(e, open(bj('2026-10-05T00:00:00'), bj('2026-09-25T00:00:00'))));
});

afterAll(async () => {
  await db?.end();
});

describe('the monthly bulletin', () => {
  let bulletin: BulletinView;

  it('ranks the towns as of the end of the month in Beijing, with last month, the bottom three and the flags', async () => {
    bulletin = (await admin.ok<{ generateBulletin: BulletinView }>(GENERATE, { typeKey, month: MONTH })).generateBulletin;
    expect(bulletin.month).toBe(MONTH);
    expect(bulletin.typeName).toBe('Bulletin test');
    expect(bulletin.asOf).toBe('2026-09-30T16:00:00.000Z');
    expect(bulletin.generatedBy?.email).toMatch(/^county-admin-/);
    const byCode = Object.fromEntries(bulletin.rows.map((row) => [row.code, row]));
    const [a, b, c, d, e] = towns.map((town) => byCode[town.code]);
    const pick = (row: RowView) => [row.rank, row.total, row.completed, row.previousRank, row.rankChange, row.interview];
    expect(pick(a)).toEqual([1, 4, 4, 1, 0, false]);
    expect(pick(b)).toEqual([2, 4, 3, 2, 0, false]);
    expect(pick(c)).toEqual([2, 4, 3, 3, 1, true]);
    expect(pick(d)).toEqual([4, 5, 1, 4, 0, true]);
    expect(pick(e)).toEqual([5, 4, 0, 5, 0, true]);
    expect(c.completedInMonth).toBe(1);
    expect(c.completionRate).toBe(0.75);
    expect(d.newInMonth).toBe(1);
    expect(d.completionRate).toBe(0.2);
    expect([e.overdue, e.overdueDays, e.warning]).toEqual([2, 22, 2]);
    expect(bulletin.interviewCount).toBe(3);
    // The ranked towns first, in rank order; towns without projects of the type after them, unranked.
    expect(bulletin.rows.slice(0, 5).map((row) => row.code)).toEqual([a.code, b.code, c.code, d.code, e.code]);
    expect(bulletin.rows.slice(5).every((row) => row.rank === null && row.total === 0)).toBe(true);
    expect(bulletin.rows).toHaveLength(6);
  });

  it('ranks departments by the projects they are responsible for, at the DEPARTMENT level', async () => {
    const byDepartment = (await admin.ok<{ generateBulletin: BulletinView }>(GENERATE, { typeKey, month: MONTH, level: 'DEPARTMENT' })).generateBulletin;
    expect(byDepartment.rows.map((row) => [row.unitId, row.total, row.completed, row.rank, row.interview])).toEqual([[department, 21, 11, 1, false]]);
    expect(byDepartment.id).not.toBe(bulletin.id);
  });

  it('is reproducible: after more work, the same month computes to the same rows, and generating again answers the stored one', async () => {
    for (const id of stillOpen) await completeNow(id);
    const again = (await admin.ok<{ generateBulletin: BulletinView }>(GENERATE, { typeKey, month: MONTH })).generateBulletin;
    expect(again).toEqual(bulletin);
    const orm = await openOrm(inject('databaseUrl'), { poolMax: 2 });
    try {
      const recomputed = await computeBulletin(orm.em.fork(), { scopeUnitId: county, typeKey, level: 'TOWN', month: MONTH, timeZone: ZONE });
      const stored = await db.query<{ rows: unknown }>('select rows from bulletin where id = $1', [bulletin.id]);
      expect(recomputed.rows).toEqual(stored.rows[0].rows);
      // The work done today does count for a later month.
      const now = await computeBulletin(orm.em.fork(), { scopeUnitId: county, typeKey, level: 'TOWN', month: monthOf(Date.now(), ZONE), timeZone: ZONE });
      expect(now.rows.find((row) => row.code === towns[4].code)?.completed).toBe(4);
    } finally {
      await orm.close();
    }
  });

  it('cannot be changed or deleted in the database', async () => {
    await expect(db.query(`update bulletin set rows = '[]'::jsonb where id = $1`, [bulletin.id])).rejects.toThrow(/bulletin is immutable/);
    await expect(db.query('delete from bulletin where id = $1', [bulletin.id])).rejects.toThrow(/bulletin is immutable/);
  });

  it('refuses a month that has not ended, and a malformed one, naming the field', async () => {
    const current = monthOf(Date.now(), ZONE);
    const notEnded = await admin.fails(GENERATE, { typeKey, month: current });
    expect(notEnded.extensions?.code).toBe('BAD_USER_INPUT');
    expect(notEnded.extensions?.fieldErrors).toEqual([expect.objectContaining({ path: 'month', code: 'month_not_ended' })]);
    const malformed = await admin.fails(GENERATE, { typeKey, month: '2026-9' });
    expect(malformed.extensions?.fieldErrors).toEqual([expect.objectContaining({ path: 'month', code: 'invalid_month' })]);
    const zh = await admin.inLocale('zh').fails(GENERATE, { typeKey, month: current });
    expect(zh.message).toContain('尚未结束');
  });

  it('is read by everyone with a role in the tree, generated only by its root’s admins, and does not exist for another tree', async () => {
    expect((await viewer.ok<{ bulletin: BulletinView }>(ONE, { id: bulletin.id })).bulletin.rows).toEqual(bulletin.rows);
    expect((await townAdmin.ok<{ bulletins: { id: string }[] }>(LIST, { typeKey })).bulletins.map((b) => b.id)).toContain(bulletin.id);
    expect((await townAdmin.fails(GENERATE, { typeKey, month: '2026-08' })).extensions?.code).toBe('FORBIDDEN');
    expect((await outsider.fails(ONE, { id: bulletin.id })).extensions?.code).toBe('NOT_FOUND');
    expect((await outsider.ok<{ bulletins: { id: string }[] }>(LIST, { typeKey })).bulletins).toEqual([]);
    // The outsider administers the demo county, where no project of the type is: its own ranking, all unranked.
    // Named, since other files may have given the admin more top-level units.
    const { rows: county } = await db.query<{ id: string }>(`select id from unit where code = 'qingshan'`);
    const theirs = (
      await outsider.ok<{ generateBulletin: BulletinView }>(
        `mutation($typeKey: String!, $month: String!, $scope: ID) { generateBulletin(typeKey: $typeKey, month: $month, scopeUnitId: $scope) { ${BULLETIN_FIELDS} } }`,
        { typeKey, month: MONTH, scope: county[0].id },
      )
    ).generateBulletin;
    // One row per active town of the demo county (13 in the sample, more once other files add theirs).
    const { rows: towns } = await db.query<{ n: number }>(
      `select count(*)::int as n from unit t join unit c on c.id = t.parent_id where c.code = 'qingshan' and t.kind = 'TOWN' and t.active`,
    );
    expect(theirs.rows.length).toBe(towns[0].n);
    expect(theirs.rows.length).toBeGreaterThanOrEqual(13);
    expect(theirs.rows.every((row) => row.rank === null)).toBe(true);
    expect((await viewer.fails(ONE, { id: theirs.id })).extensions?.code).toBe('NOT_FOUND');
  });

  it('tells the admins of each ranked unit once, in their inbox', async () => {
    const inbox = `{ myInbox(first: 200) { items { kind project { id } bulletin { id month } } } }`;
    const items = (await townAdmin.ok<{ myInbox: { items: { kind: string; project: null; bulletin: { id: string; month: string } | null }[] } }>(inbox)).myInbox.items;
    const mine = items.filter((item) => item.kind === 'BULLETIN_PUBLISHED' && item.bulletin?.id === bulletin.id);
    expect(mine).toEqual([{ kind: 'BULLETIN_PUBLISHED', project: null, bulletin: { id: bulletin.id, month: MONTH } }]);
    // The county's admin holds no role in a ranked unit: told nothing.
    const adminItems = (await admin.ok<{ myInbox: { items: { kind: string; bulletin: { id: string } | null }[] } }>(inbox)).myInbox.items;
    expect(adminItems.filter((item) => item.bulletin?.id === bulletin.id)).toEqual([]);
  });

  it('downloads as XLSX with headers in the chosen language', async () => {
    const url = `${inject('apiUrl')}/bulletins/${bulletin.id}.xlsx`;
    const read = async (lang: string) => {
      const response = await fetch(url, { headers: { authorization: `Bearer ${viewer.bearer}`, 'accept-language': lang } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      return workbook.worksheets[0];
    };
    const en = await read('en');
    expect(en.name).toBe('Ranking');
    expect((en.getRow(2).values as unknown[]).slice(1, 4)).toEqual(['Rank', 'Unit', 'Projects']);
    expect((en.getRow(3).values as unknown[]).slice(1, 5)).toEqual([1, towns[0].nameEn, 4, 4]);
    const zh = await read('zh');
    expect((zh.getRow(2).values as unknown[]).slice(1, 3)).toEqual(['排名', '单位']);
    // Row 3 is rank 1; C, D and E (rows 5–7) are called in.
    expect(zh.getRow(7).getCell(15).value).toBe('是');
    expect(zh.getRow(3).getCell(15).value).toBe('');
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: `Bearer ${outsider.bearer}` } })).status).toBe(404);
  });
});

describe('the bulletin schedule', () => {
  let temporal: TemporalClient;
  let connection: Connection;

  beforeAll(async () => {
    connection = await Connection.connect({ address: inject('temporalAddress') });
    temporal = new TemporalClient({ connection });
  });

  afterAll(async () => {
    await connection?.close();
  });

  it('is created at start to run at 08:00 Beijing on the 1st of every month', async () => {
    const description = await temporal.schedule.getHandle('phaseflow-bulletin').describe();
    expect(description.spec.timezone).toBe(ZONE);
    expect(description.action.workflowType).toBe('bulletinWorkflow');
    expect(description.state.paused).toBe(false);
    const nextMonth = shiftMonth(monthOf(Date.now(), ZONE), 1);
    const expected = [nextMonth, shiftMonth(nextMonth, 1)].map((month) => new Date(monthStart(month, ZONE).getTime() + 8 * 3600_000).toISOString());
    expect(description.info.nextActionTimes.slice(0, 2).map((time) => time.toISOString())).toEqual(expected);
    const schedule = (await viewer.ok<{ bulletinSchedule: { cron: string; timeZone: string; source: string; nextRuns: string[] } }>(
      '{ bulletinSchedule { cron timeZone source nextRuns } }',
    )).bulletinSchedule;
    expect(schedule).toMatchObject({ cron: '0 8 1 * *', timeZone: ZONE, source: 'ENV' });
    expect(schedule.nextRuns.slice(0, 2)).toEqual(expected);
  });

  it('triggered, generates last month’s bulletin of every type for the county', async () => {
    const lastMonth = shiftMonth(monthOf(Date.now(), ZONE), -1);
    await temporal.schedule.getHandle('phaseflow-bulletin').trigger();
    const deadline = Date.now() + 60_000;
    let found: { id: string; month: string; typeKey: string }[] = [];
    while (Date.now() < deadline) {
      found = (await admin.ok<{ bulletins: { id: string; month: string; typeKey: string; level: string }[] }>(LIST, { typeKey })).bulletins.filter((b) => b.month === lastMonth);
      if (found.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(found).toHaveLength(1);
    const scheduled = (await admin.ok<{ bulletin: BulletinView }>(ONE, { id: found[0].id })).bulletin;
    expect(scheduled.generatedBy).toBeNull();
    expect(scheduled.asOf).toBe(monthEnd(lastMonth, ZONE).toISOString());
    // Everything done today is after the end of last month: the towns' figures are those of the end of September... plus nothing.
    expect(scheduled.rows.find((row) => row.code === towns[4].code)?.completed).toBe(0);
  });

  it('an admin changes and pauses it; the change reaches Temporal and wins over env; others may not', async () => {
    const UPDATE = `mutation($cron: String, $timeZone: String, $paused: Boolean) { updateBulletinSchedule(cron: $cron, timeZone: $timeZone, paused: $paused) { cron timeZone paused source nextRuns } }`;
    expect((await townAdmin.fails(UPDATE, { cron: '0 9 2 * *' })).extensions?.code).toBe('FORBIDDEN');
    const bad = await admin.fails(UPDATE, { cron: '0 25 2 * *' });
    expect(bad.extensions?.fieldErrors).toEqual([expect.objectContaining({ path: 'cron', code: 'invalid_cron' })]);
    expect((await admin.fails(UPDATE, { timeZone: 'Beijing' })).extensions?.fieldErrors).toEqual([expect.objectContaining({ path: 'timeZone' })]);

    const changed = (await admin.ok<{ updateBulletinSchedule: { cron: string; source: string; paused: boolean; nextRuns: string[] } }>(UPDATE, { cron: '30 9 2 * *' })).updateBulletinSchedule;
    expect(changed).toMatchObject({ cron: '30 9 2 * *', source: 'ADMIN', paused: false });
    const thisMonth = monthOf(Date.now(), ZONE);
    const secondAt = (month: string) => monthStart(month, ZONE).getTime() + DAY + 9.5 * 3600_000;
    const next = secondAt(thisMonth) > Date.now() ? secondAt(thisMonth) : secondAt(shiftMonth(thisMonth, 1));
    expect(changed.nextRuns[0]).toBe(new Date(next).toISOString());
    const handle = temporal.schedule.getHandle('phaseflow-bulletin');
    expect((await handle.describe()).info.nextActionTimes[0].toISOString()).toBe(changed.nextRuns[0]);

    const paused = (await admin.ok<{ updateBulletinSchedule: { paused: boolean; nextRuns: string[] } }>(UPDATE, { paused: true })).updateBulletinSchedule;
    expect(paused).toMatchObject({ cron: '30 9 2 * *', paused: true, nextRuns: [] });
    expect((await handle.describe()).state.paused).toBe(true);

    const restored = (await admin.ok<{ updateBulletinSchedule: { cron: string; paused: boolean } }>(UPDATE, { cron: '0 8 1 * *', paused: false })).updateBulletinSchedule;
    expect(restored).toMatchObject({ cron: '0 8 1 * *', paused: false });
    expect((await handle.describe()).state.paused).toBe(false);
  });
});
