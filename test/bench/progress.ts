/**
 * Progress at scale (issue 9, A.3): the sample organisation (2,291 units) and 100,000 projects of one
 * type with a year of stage history, in an embedded PostgreSQL. Measures the p50 of the county's
 * `progress` (the service, and the GraphQL query executed on the served schema) against
 * `SELECT count(*) FROM project WHERE type_key = $1`, interleaved in the same run, for asOf = now
 * and asOf = a month ago; three runs, the median ratio printed with the goal (≤ 3×). Printed, not
 * asserted: a measurement, not a timed test.
 *
 * The loader (`loadProjects`) writes rows as the persistence activity would have: per project a
 * start within the last year, then each five-phase stage held for 5 to 45 days (past its deadline
 * now and then), until the project completes, is cancelled (3%), or reaches today; `project`
 * holds the last position, `project_history` one row per position with its interval. It inserts
 * with `unnest` in batches, then VACUUM ANALYZE (as autovacuum would), so both sides read warm,
 * visible indexes.
 */
import { execute, parse } from 'graphql';
import { Client } from 'pg';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { loadPrincipal } from '../../server/src/auth/authenticate';
import { findRepoRoot } from '../../server/src/config';
import { migrate, openOrm } from '../../server/src/db/orm';
import { fivePhaseType } from '../../server/src/db/seed/five-phase.type';
import { createLoaders } from '../../server/src/graphql/loaders';
import { buildPhaseflowSchema } from '../../server/src/graphql/schema';
import { createLog } from '../../server/src/log';
import { importTable } from '../../server/src/org/import/import.service';
import { readTable } from '../../server/src/org/import/import-table';
import { progressFigures, visibilityOf } from '../../server/src/progress/progress.service';
import { startEmbeddedPostgres } from '../../server/src/runtime/embedded-postgres';
import { pickPort } from '../../server/src/runtime/ports';
import type { Services } from '../../server/src/services';

const PROJECTS = 100_000;
const BATCH = 5_000;
const RUNS = 3;
const SAMPLES_PER_RUN = 25;
const DAY = 24 * 60 * 60 * 1000;

/** A small deterministic generator, so every run loads the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface HistoryRow {
  status: string;
  stageKey: string | null;
  dueAt: Date | null;
  warnAt: Date | null;
  from: Date;
  to: Date | null;
}

/** One project's positions from its start to today (or its end). */
function lifeOf(rand: () => number, now: number): { started: Date; rows: HistoryRow[] } {
  const stages = fivePhaseType.stages;
  const started = now - Math.floor(rand() * 365 * DAY);
  const cancelAt = rand() < 0.03 ? Math.floor(rand() * stages.length) : -1;
  const rows: HistoryRow[] = [];
  let at = started;
  for (const [index, stage] of stages.entries()) {
    const dueAt = at + stage.deadlineDays * DAY;
    const warnAt = stage.warningDays ? dueAt - stage.warningDays * DAY : null;
    rows.push({ status: 'ACTIVE', stageKey: stage.key, dueAt: new Date(dueAt), warnAt: warnAt === null ? null : new Date(warnAt), from: new Date(at), to: null });
    const held = (5 + rand() * 40) * DAY * (stage.deadlineDays / 30);
    if (at + held > now) return { started: new Date(started), rows };
    at += held;
    rows[rows.length - 1].to = new Date(at);
    if (index === cancelAt) {
      rows.push({ status: 'CANCELLED', stageKey: null, dueAt: null, warnAt: null, from: new Date(at), to: null });
      return { started: new Date(started), rows };
    }
  }
  rows.push({ status: 'COMPLETED', stageKey: null, dueAt: null, warnAt: null, from: new Date(at), to: null });
  return { started: new Date(started), rows };
}

export async function loadProjects(databaseUrl: string, typeKey: string): Promise<{ projects: number; historyRows: number; seconds: number }> {
  const begun = performance.now();
  // pg's own client: it sends JS arrays as PostgreSQL arrays, for unnest.
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const rowsOf = async (sql: string) => (await client.query<{ id: string }>(sql)).rows.map((row) => row.id);
  const typeId = randomUUID();
  await client.query('insert into project_type (id, key, version, name, definition, published_at) values ($1, $2, 1, $3, $4, now())', [
    typeId,
    typeKey,
    JSON.stringify(fivePhaseType.name),
    JSON.stringify({ ...fivePhaseType, key: typeKey }),
  ]);
  const units = await rowsOf(`select id from unit where kind <> 'DEPARTMENT' order by code`);
  const departments = await rowsOf(`select id from unit where kind = 'DEPARTMENT' order by code`);
  const users = await rowsOf(`select id from app_user where kind = 'PERSON' order by email`);
  const rand = random(9);
  const now = Date.now();
  let historyRows = 0;
  for (let first = 0; first < PROJECTS; first += BATCH) {
    const p = { id: [] as string[], code: [] as string[], unit: [] as string[], lead: [] as string[], dept: [] as string[], status: [] as string[], stage: [] as (string | null)[], flag: [] as (string | null)[], seq: [] as number[], created: [] as Date[], updated: [] as Date[] };
    const h = { project: [] as string[], seq: [] as number[], unit: [] as string[], lead: [] as string[], status: [] as string[], stage: [] as (string | null)[], due: [] as (Date | null)[], warn: [] as (Date | null)[], from: [] as Date[], to: [] as (Date | null)[] };
    for (let i = first; i < Math.min(first + BATCH, PROJECTS); i += 1) {
      const id = randomUUID();
      const unit = units[Math.floor(rand() * units.length)];
      const lead = users[Math.floor(rand() * users.length)];
      const { started, rows } = lifeOf(rand, now);
      const last = rows[rows.length - 1];
      p.id.push(id);
      p.code.push(`BENCH-${i}`);
      p.unit.push(unit);
      p.lead.push(lead);
      p.dept.push(departments[i % departments.length]);
      p.status.push(last.status);
      p.stage.push(last.stageKey);
      p.flag.push(last.status !== 'ACTIVE' ? null : last.dueAt!.getTime() <= now ? 'OVERDUE' : last.warnAt && last.warnAt.getTime() <= now ? 'WARNING' : null);
      p.seq.push(rows.length * 3);
      p.created.push(started);
      p.updated.push(last.from);
      rows.forEach((row, n) => {
        h.project.push(id);
        h.seq.push(n * 3 + 1);
        h.unit.push(unit);
        h.lead.push(lead);
        h.status.push(row.status);
        h.stage.push(row.stageKey);
        h.due.push(row.dueAt);
        h.warn.push(row.warnAt);
        h.from.push(row.from);
        h.to.push(row.to);
      });
      historyRows += rows.length;
    }
    await client.query(
      `insert into project (id, code, title, type_id, type_key, type_version, unit_id, lead_id, department_id, status, current_stage_key, workflow_id,
                            roles, last_seq, flag, designation_renewals, created_by, created_at, updated_at)
       select id, code, '基准项目 ' || code, $1, $2, 1, unit, lead, dept, status, stage, 'project-' || id, '{}'::jsonb, seq, flag, 0, lead, created, updated
         from unnest($3::uuid[], $4::text[], $5::uuid[], $6::uuid[], $7::uuid[], $8::text[], $9::text[], $10::text[], $11::int[], $12::timestamptz[], $13::timestamptz[])
              as t(id, code, unit, lead, dept, status, stage, flag, seq, created, updated)`,
      [typeId, typeKey, p.id, p.code, p.unit, p.lead, p.dept, p.status, p.stage, p.flag, p.seq, p.created, p.updated],
    );
    await client.query(
      `insert into project_history (id, project_id, seq, type_key, unit_id, lead_id, status, stage_key, due_at, warn_at, designation_status, valid_from, valid_to)
       select gen_random_uuid(), project, seq, $1, unit, lead, status, stage, due, warn, null, valid_from, coalesce(valid_to, 'infinity')
         from unnest($2::uuid[], $3::int[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::timestamptz[], $9::timestamptz[], $10::timestamptz[], $11::timestamptz[])
              as t(project, seq, unit, lead, status, stage, due, warn, valid_from, valid_to)`,
      [typeKey, h.project, h.seq, h.unit, h.lead, h.status, h.stage, h.due, h.warn, h.from, h.to],
    );
  }
  await client.query('vacuum analyze');
  await client.end();
  return { projects: PROJECTS, historyRows, seconds: Number(((performance.now() - begun) / 1000).toFixed(1)) };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const QUERY = parse(`query($typeKey: String, $unitId: ID, $asOf: DateTime) {
  progress(typeKey: $typeKey, unitId: $unitId, asOf: $asOf) {
    figures { total active completed completionRate warning overdue dueWithin7Days stages { stageKey name count warning overdue } }
    direct { total }
    children { unit { id name } figures { total active completed completionRate warning overdue dueWithin7Days stages { count warning overdue } } }
  }
}`);

/**
 * An embedded PostgreSQL holding the sample organisation and `loadProjects` of type `bench-sites`,
 * with the county's id; for the benches that read history at scale (progress, bulletin). Stop it with `stop`.
 */
export async function countyAtScale(name: string, port: number) {
  const pg = await startEmbeddedPostgres({ dataDir: join(findRepoRoot(), '.data'), port: await pickPort(port), log: createLog('warn'), ephemeral: true });
  const orm = await openOrm(pg.url, { timeouts: { statementMs: 600_000, queryMs: 600_000 } });
  const stop = async () => {
    await orm.close();
    await pg.stop();
  };
  try {
    await migrate(orm);
    const table = await readTable(readFileSync(join(findRepoRoot(), 'server', 'data', 'sample-organisation.xlsx')), 'XLSX');
    await importTable(orm.em.fork(), table, { importer: { kind: 'system' }, dryRun: false });
    const typeKey = 'bench-sites';
    const loaded = await loadProjects(pg.url, typeKey);
    console.log(`${name}: loaded ${loaded.projects} projects with ${loaded.historyRows} history rows in ${loaded.seconds} s`);
    const [county] = await orm.em.fork().getConnection().execute<{ id: string }[]>(`select id from unit where code = 'qingshan'`);
    return { pg, orm, typeKey, countyId: county.id, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function progressBenchmark(): Promise<void> {
  const { orm, typeKey, countyId, stop } = await countyAtScale('progress', 55733);
  try {
    const county = { id: countyId };
    const em = orm.em.fork();
    const [admin] = await em.getConnection().execute<{ id: string }[]>(`select id from app_user where email = 'admin@phaseflow.local'`);
    const principal = (await loadPrincipal(orm, admin.id))!.principal;
    const schema = await buildPhaseflowSchema();
    const services = { orm } as unknown as Services;

    const count = async () => {
      await orm.em.fork().getConnection().execute('select count(*) from project where type_key = ?', [typeKey]);
    };
    const service = (asOf: Date | null) => async () => {
      await progressFigures(orm.em.fork(), { typeKey, unitId: county.id, asOf, visible: visibilityOf(principal) });
    };
    const graphql = (asOf: Date | null) => async () => {
      const fork = orm.em.fork();
      const result = await execute({
        schema,
        document: QUERY,
        variableValues: { typeKey, unitId: county.id, asOf: asOf?.toISOString() ?? null },
        contextValue: { em: fork, principal, locale: 'zh', services, loaders: createLoaders(fork), clientAddress: 'bench' },
      });
      if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
    };
    const monthAgo = new Date(Date.now() - 30 * DAY);
    const wholeTree = async () => {
      await progressFigures(orm.em.fork(), { typeKey, asOf: null, visible: visibilityOf(principal) });
    };
    const subjects: [string, () => Promise<void>][] = [
      ['count(*) of the type (baseline)', count],
      ['progress service, asOf = now', service(null)],
      ['progress service, asOf = a month ago', service(monthAgo)],
      ['progress GraphQL, asOf = now', graphql(null)],
      ['progress GraphQL, asOf = a month ago', graphql(monthAgo)],
      ['progress service, no unitId (the viewer’s whole tree, counted row by row), asOf = now', wholeTree],
    ];
    // The first query of a type after a checkpoint's instant takes that checkpoint (a full count of the history): timed apart, once.
    const firsts: Record<string, number | string>[] = [];
    for (const [label, asOf] of [['asOf = now', null], ['asOf = a month ago', monthAgo]] as const) {
      const started = performance.now();
      await service(asOf)();
      firsts.push({ 'first query after a checkpoint instant (takes it)': label, ms: Number((performance.now() - started).toFixed(1)) });
    }
    console.table(firsts);
    for (const [, run] of subjects) for (let i = 0; i < 3; i += 1) await run(); // warm-up
    const p50s = new Map<string, number[]>(subjects.map(([name]) => [name, []]));
    for (let run = 0; run < RUNS; run += 1) {
      const samples = new Map<string, number[]>(subjects.map(([name]) => [name, []]));
      // Interleaved: each round times every subject once, so a neighbour's load falls on all alike.
      for (let i = 0; i < SAMPLES_PER_RUN; i += 1) {
        for (const [name, subject] of subjects) {
          const started = performance.now();
          await subject();
          samples.get(name)!.push(performance.now() - started);
        }
      }
      for (const [name, values] of samples) p50s.get(name)!.push(median(values));
    }
    const baseline = p50s.get(subjects[0][0])!;
    console.table(
      subjects.map(([name]) => {
        const values = p50s.get(name)!;
        const ratios = values.map((value, run) => value / baseline[run]);
        return {
          progress: name,
          'p50 per run (ms)': values.map((v) => v.toFixed(1)).join(' / '),
          'median p50 (ms)': Number(median(values).toFixed(2)),
          'ratio to count(*) (median of 3)': Number(median(ratios).toFixed(2)),
        };
      }),
    );
    console.log('progress: goal ≤ 3× the count(*) of the same type at p50 (issue 9, A.3).');
  } finally {
    await stop();
  }
}
