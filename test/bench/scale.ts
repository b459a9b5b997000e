/**
 * `npm run bench -- scale [--projects N] [--smoke] [--json <file>] [--cpu-prof <dir>]` (issue 11, part A): Phaseflow at
 * county-to-city scale, every figure a ratio to a baseline measured in the same run, interleaved,
 * the median of 3 runs.
 *
 * The stack runs as a deployment does, each part a process of its own: an embedded PostgreSQL, a
 * Temporal dev server, one worker-only Phaseflow process (which migrates and seeds the demo
 * organisation), one API-only process, and a second API-only process whose database connections go
 * through a proxy that counts the statements it sends (B2). Beside them: a bare worker serving a
 * trivial workflow on its own task queue of the same Temporal (the B4, B5 and B8 baselines), and a
 * `node:http` server answering the partner page from one hand-written SQL query (the B1 baseline).
 *
 * Data: a sample of projects (200; 24 in smoke mode) is started through GraphQL `startProject`, the
 * real path. The rest are bulk-loaded by `cloneProjects`, which copies the rows that the persistence
 * activity wrote for a real project (project, project_stage, project_member, submission, decision,
 * audit_event, project_history) under new ids and codes, spread over the demo units and over time.
 * A bulk-loaded project has no workflow, so B4, B5, B6 and B8 are measured on real ones only.
 * B8 compares the worker's RSS growth per project held (the B4 starts) with the bare worker's per
 * trivial workflow held (1,000 more started for it, as a trivial workflow costs little).
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { findRepoRoot } from '../../server/src/config';
import { createLog } from '../../server/src/log';
import { startEmbeddedPostgres } from '../../server/src/runtime/embedded-postgres';
import { pickPort } from '../../server/src/runtime/ports';
import { startTemporalDevServer } from '../../server/src/runtime/temporal-dev-server';
import { BenchProcess, cpuOfChildren, GraphQLCaller, median, pooled, sleep, startStatementCounter, timed } from './scale-support';

const RUNS = 3;
const CONCURRENCY = 8;
const FLOODERS = 20;
const BARE_TASK_QUEUE = 'scale-bench-bare';
/** The counting API answers B2's every-field page of 50, which the query limits (rightly) refuse elsewhere. */
const UNLIMITED = { GRAPHQL_MAX_COST: '10000000', GRAPHQL_MAX_TOKENS: '100000', GRAPHQL_MAX_DEPTH: '20' };
/** It counts statements, not time: at 100,000 projects the every-field page outlasts the default pool and statement timeouts. */
const PATIENT = { DB_ACQUIRE_TIMEOUT_MS: '300000', DB_STATEMENT_TIMEOUT_MS: '300000', DB_QUERY_TIMEOUT_MS: '300000' };

interface Options {
  commit: string;
  projects: number;
  smoke: boolean;
  json: string;
  /** `--cpu-prof <dir>`: the Phaseflow processes write V8 CPU profiles there when they stop. */
  cpuProfDir: string | null;
}

function parseOptions(argv: string[], root: string): Options {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const smoke = argv.includes('--smoke');
  const projects = smoke ? 200 : Number(value('--projects') ?? 10_000);
  if (!Number.isInteger(projects) || projects < 200) throw new Error(`--projects must be an integer of at least 200, not ${value('--projects')}`);
  let sha = 'nogit';
  try {
    sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    // Outside a git checkout the file is still written, under a neutral name.
  }
  return { commit: sha, projects, smoke, json: value('--json') ?? join(root, '.data', 'bench', `scale-${sha}${smoke ? '-smoke' : ''}.json`), cpuProfDir: value('--cpu-prof') ?? null };
}

/** How many samples each part takes; the smoke mode takes few, as it checks only that each figure comes out. */
function sizesFor(smoke: boolean) {
  return smoke
    ? { sample: 24, startsPerRun: 4, decidesPerRun: 2, refusals: 2, readsPerRun: 3, floodReadsPerRun: 3, bareHeld: 300 }
    : { sample: 200, startsPerRun: 60, decidesPerRun: 10, refusals: 4, readsPerRun: 25, floodReadsPerRun: 20, bareHeld: 1000 };
}

const PARTNER_NODE = 'id code title status unit { id code name } lead { id name email } currentStage { key name status dueAt }';
const partnerPage = (first: number, after = false) =>
  `query${after ? '($after: String)' : ''} { projects(first: ${first}${after ? ', after: $after' : ''}) { edges { node { ${PARTNER_NODE} } } } }`;

const START = `mutation($input: StartProjectInput!) { startProject(input: $input) { id } }`;
const SUBMIT = `mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }`;
const DECIDE = `mutation($input: DecideGateInput!) { decideGate(input: $input) { id status currentStage { key } } }`;
const PLANNED = { goal: '建设党群服务中心，服务群众', category: 'party', budget: 50, startDate: '2026-03-01' };

/** The median of five RSS readings half a second apart: one reading may catch a collection half done. */
async function settledRss(child: BenchProcess): Promise<number> {
  const readings: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    if (i > 0) await sleep(500);
    readings.push(child.rssMb());
  }
  return median(readings);
}

interface IntrospectedType {
  name: string;
  kind: string;
  fields: { name: string; args: { type: { kind: string } }[]; type: TypeRef }[] | null;
}
interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}

/** Every field of Project without required arguments; object fields with every scalar field of theirs (B2's "every field"). */
async function everyProjectField(api: GraphQLCaller): Promise<string> {
  const ref = 'kind name ofType { kind name ofType { kind name ofType { kind name } } }';
  const data = await api.ok<{ __schema: { types: IntrospectedType[] } }>(
    `{ __schema { types { name kind fields { name args { type { kind } } type { ${ref} } } } } }`,
  );
  const types = new Map(data.__schema.types.map((type) => [type.name, type]));
  const named = (type: TypeRef): TypeRef => (type.ofType ? named(type.ofType) : type);
  const leaf = (kind: string) => kind === 'SCALAR' || kind === 'ENUM';
  const selection = (typeName: string, depth: number): string =>
    types
      .get(typeName)!
      .fields!.filter((field) => !field.args.some((arg) => arg.type.kind === 'NON_NULL'))
      .map((field) => {
        const target = named(field.type);
        if (leaf(target.kind)) return field.name;
        if (depth === 0 || target.kind !== 'OBJECT') return null;
        const inner = selection(target.name!, depth - 1);
        return inner ? `${field.name} { ${inner} }` : null;
      })
      .filter((field): field is string => field !== null)
      .join(' ');
  return selection('Project', 1);
}

/**
 * Copies every row a real project's persistence wrote, `count` times, under new ids, codes and
 * workflow ids (of no workflow), spread over the units that hold projects and one minute apart
 * going back in time. Columns come from the catalogue, so the copy follows the schema.
 */
async function cloneProjects(db: PgClient, templateId: string, count: number): Promise<number> {
  const started = performance.now();
  const columnsOf = async (table: string) =>
    (
      await db.query<{ column_name: string; data_type: string; column_default: string | null; is_identity: string; is_generated: string }>(
        `select column_name, data_type, column_default, is_identity, is_generated from information_schema.columns
          where table_schema = current_schema() and table_name = $1 order by ordinal_position`,
        [table],
      )
    ).rows.filter((c) => c.is_identity !== 'YES' && c.is_generated !== 'ALWAYS' && !c.column_default?.startsWith('nextval('));
  await db.query(`create temp table scale_clone as
    select n, gen_random_uuid() as id,
           (select array_agg(id order by code) from unit where kind <> 'DEPARTMENT' and active) as units
      from generate_series(1, $1::int) n`, [count]);
  await db.query(`alter table scale_clone add column unit_id uuid`);
  await db.query(`update scale_clone set unit_id = units[1 + n % array_length(units, 1)]`);
  const projectExpr: Record<string, string> = {
    id: 'm.id',
    code: `'SCALE-' || lpad(m.n::text, 7, '0')`,
    title: `'规模项目 ' || m.n`,
    workflow_id: `'scale-bulk-' || m.n`,
    unit_id: 'm.unit_id',
    created_at: `s.created_at - m.n * interval '1 minute'`,
    updated_at: `s.updated_at - m.n * interval '1 minute'`,
  };
  const copy = async (table: string, key: 'id' | 'project_id', expr: Record<string, string>) => {
    const columns = await columnsOf(table);
    if (columns.length === 0) return;
    const exprs = columns.map((c) => expr[c.column_name] ?? (c.column_name === 'id' && c.data_type === 'uuid' ? 'gen_random_uuid()' : `s.${c.column_name}`));
    await db.query(
      `insert into ${table} (${columns.map((c) => c.column_name).join(', ')})
       select ${exprs.join(', ')} from ${table} s cross join scale_clone m where s.${key} = $1`,
      [templateId],
    );
  };
  await copy('project', 'id', projectExpr);
  for (const table of ['project_stage', 'project_member', 'submission', 'decision', 'audit_event', 'project_history']) {
    await copy(table, 'project_id', { project_id: 'm.id', unit_id: 'm.unit_id' });
  }
  await db.query('drop table scale_clone');
  await db.query('vacuum analyze');
  return (performance.now() - started) / 1000;
}

interface Figure {
  id: string;
  name: string;
  unit: string;
  /** Per run: the subject, its baseline, their ratio. */
  runs: { subject: number; baseline: number; ratio: number }[];
  ratio: number | null;
  subject: number | null;
  baseline: number | null;
  goal: string;
  /** Null when the figure has no goal. */
  pass: boolean | null;
  note?: string;
}

function figure(id: string, name: string, unit: string, runs: { subject: number; baseline: number }[], goal: string, judge: ((f: Figure) => boolean) | null, note?: string): Figure {
  const withRatios = runs.map((run) => ({ ...run, ratio: run.subject / run.baseline }));
  const f: Figure = {
    id,
    name,
    unit,
    runs: withRatios,
    ratio: withRatios.length ? median(withRatios.map((r) => r.ratio)) : null,
    subject: withRatios.length ? median(withRatios.map((r) => r.subject)) : null,
    baseline: withRatios.length ? median(withRatios.map((r) => r.baseline)) : null,
    goal,
    pass: null,
    note,
  };
  const complete = f.ratio !== null && Number.isFinite(f.ratio) && Number.isFinite(f.subject ?? NaN);
  f.pass = judge && complete ? judge(f) : null;
  return f;
}

export async function scaleBenchmark(): Promise<void> {
  const begun = performance.now();
  const loadAverageAtStart = loadavg();
  const root = findRepoRoot();
  const options = parseOptions(process.argv.slice(2), root);
  const sizes = sizesFor(options.smoke);
  const log = createLog('warn');
  const say = (line: string) => console.log(`scale [${((performance.now() - begun) / 1000).toFixed(0)} s]: ${line}`);
  const dataDir = await mkdtemp(join(tmpdir(), 'phaseflow-scale-'));
  const stops: (() => Promise<unknown>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  const processes: BenchProcess[] = [];
  try {
    const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port: await pickPort(55933), log, ephemeral: true });
    stops.push(() => pg.stop());
    const temporalPort = await pickPort(57533);
    const temporalServer = await startTemporalDevServer({
      dataDir: join(dataDir, 'temporal'),
      port: temporalPort,
      uiPort: await pickPort(58533, '127.0.0.1', [temporalPort]),
      namespace: 'default',
      log,
      ephemeral: true,
    });
    stops.push(() => temporalServer.stop());
    const connection = await Connection.connect({ address: temporalServer.address });
    stops.push(() => connection.close());
    const temporal = new TemporalClient({ connection });
    const db = new PgClient({ connectionString: pg.url });
    await db.connect();
    stops.push(() => db.end());
    const pgUrl = new URL(pg.url);
    const counter = await startStatementCounter({ host: pgUrl.hostname, port: Number(pgUrl.port) });
    stops.push(() => counter.close());

    const common = {
      TSX_TSCONFIG_PATH: join(root, 'server', 'tsconfig.json'),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'scale-bench-secret-'.padEnd(40, 'x'),
      TRUST_PROXY: 'loopback',
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporalServer.address,
    };
    const profiled = options.cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProfDir] : [];
    const phaseflow = [...profiled, '--import', 'tsx', join(root, 'server', 'src', 'main.ts')];
    const spawnIt = async (name: string, args: string[], env: Record<string, string>, ready: string) => {
      const child = new BenchProcess(name, args, { ...common, ...env }, root);
      processes.push(child);
      stops.push(() => child.stop());
      await child.start(ready);
      return child;
    };
    // All at once: migrations run under an advisory lock, and only the worker seeds.
    await db.query('create table if not exists bench_bare_row (key text primary key, at timestamptz not null)');
    // A random base: other suites on this machine start servers near the usual ports at the same time.
    const base = 44_000 + Math.floor(Math.random() * 2000) * 10;
    const workerPort = await pickPort(base);
    const apiPort = await pickPort(base + 1, '127.0.0.1', [workerPort]);
    const countedPort = await pickPort(base + 2, '127.0.0.1', [workerPort, apiPort]);
    const rawPort = await pickPort(base + 3, '127.0.0.1', [workerPort, apiPort, countedPort]);
    const [worker, , , bareWorker] = await Promise.all([
      spawnIt('worker', phaseflow, { RUN_API: 'false', SEED: 'true', SEED_DEMO_SITES: 'false', PORT: String(workerPort) }, 'Phaseflow is running.'),
      spawnIt('api', phaseflow, { RUN_WORKER: 'false', SEED: 'false', PORT: String(apiPort) }, 'Phaseflow is running.'),
      spawnIt('api (statements counted)', phaseflow, { RUN_WORKER: 'false', SEED: 'false', PORT: String(countedPort), DATABASE_URL: counter.url(pg.url), ...UNLIMITED, ...PATIENT }, 'Phaseflow is running.'),
      spawnIt('bare worker', ['--import', 'tsx', join(root, 'test', 'bench', 'scale-bare', 'bare-worker.ts')], { BARE_TASK_QUEUE }, 'bare worker ready'),
      spawnIt('raw SQL server', [join(root, 'test', 'bench', 'scale-raw-sql.mjs')], { PORT: String(rawPort) }, 'raw sql server ready'),
    ]);
    const url = `http://127.0.0.1:${apiPort}/graphql`;
    const countedUrl = `http://127.0.0.1:${countedPort}/graphql`;
    const rawUrl = `http://127.0.0.1:${rawPort}/`;
    say('stack up (PostgreSQL, Temporal, worker, two APIs, bare worker, raw SQL server)');

    const [admin, operator, approver, member] = await Promise.all(
      ['admin@phaseflow.local', 'operator@phaseflow.local', 'approver@phaseflow.local', 'member1@phaseflow.local'].map((email) => GraphQLCaller.signIn(url, email)),
    );
    const directory = await admin.ok<{ units: { id: string; names: { en: string } }[]; users: { id: string; email: string }[] }>('{ units { id names { en } } users { id email } }');
    const unitId = (en: string) => directory.units.find((unit) => unit.names.en === en)!.id;
    const userId = (email: string) => directory.users.find((user) => user.email === email)!.id;
    const startInput = () => ({
      typeKey: 'five-phase',
      title: `规模基准 ${randomUUID().slice(0, 8)}`,
      unitId: unitId('Donghe Town'),
      leadId: userId('lead@phaseflow.local'),
      departmentId: unitId('Organisation Department'),
      teamMemberIds: [userId('member1@phaseflow.local')],
    });
    const real: string[] = [];
    // A refused start is counted, not fatal: at 100,000 projects some starts at concurrency 8 answer UNAVAILABLE (a database timeout).
    const refusedStarts: Record<string, number> = {};
    const startOne = async () => {
      const answer = await operator.call<{ startProject: { id: string } }>(START, { input: startInput() });
      if (answer.data?.startProject) real.push(answer.data.startProject.id);
      else {
        const code = answer.errors?.[0]?.extensions?.code ?? 'NO_ANSWER';
        refusedStarts[code] = (refusedStarts[code] ?? 0) + 1;
        if (code !== 'UNAVAILABLE') throw new Error(`startProject failed: ${JSON.stringify(answer.errors)}`);
      }
    };
    const bare: string[] = [];
    const startBare = async () => {
      const workflowId = `scale-bare-${randomUUID()}`;
      await temporal.workflow.start('bareWorkflow', { taskQueue: BARE_TASK_QUEUE, workflowId, args: [] });
      bare.push(workflowId);
    };

    // Warm-up: both paths once each, concurrently as measured; the first real project is the bulk loader's template.
    await pooled(Array.from({ length: 4 }, () => startOne), 4);
    await pooled(Array.from({ length: 4 }, () => startBare), 4);
    const bulk = options.projects - sizes.sample;
    const loadSeconds = await cloneProjects(db, real[0], bulk);
    const [{ n: projectRows }] = (await db.query<{ n: string }>('select count(*) as n from project')).rows;
    say(`bulk-loaded ${bulk} projects in ${loadSeconds.toFixed(1)} s (${projectRows} in all so far)`);

    // B4 and B8: starts per second at concurrency 8, interleaved; the workers' RSS before and after holding the started workflows.
    await sleep(2000);
    const rss0 = { worker: await settledRss(worker) };
    const b4: { subject: number; baseline: number }[] = [];
    // Where a start's CPU goes: each process's CPU time during the blocks of each kind, per start.
    const nameOf = (pid: number, command: string) =>
      processes.find((child) => child.pid === pid)?.name ?? (/postgres/.test(command) ? 'postgres' : /temporal/.test(command) ? 'temporal' : command.slice(0, 40));
    const cpu = { project: new Map<string, number>(), bare: new Map<string, number>() };
    const measuredBlock = async (kind: 'project' | 'bare', run: () => Promise<number>) => {
      const before = cpuOfChildren();
      const seconds = await run();
      for (const [pid, { command, ms }] of cpuOfChildren()) {
        const name = nameOf(pid, command);
        cpu[kind].set(name, (cpu[kind].get(name) ?? 0) + ms - (before.get(pid)?.ms ?? 0));
      }
      return seconds;
    };
    let started = { project: 0, bare: 0 };
    for (let run = 0; run < RUNS; run += 1) {
      // Within a run, blocks of each alternate, so that a neighbour's burst falls on both alike.
      const seconds = { project: 0, bare: 0 };
      const startedBefore = real.length;
      for (let block = 0; block < 4; block += 1) {
        seconds.project += await measuredBlock('project', () => pooled(Array.from({ length: sizes.startsPerRun / 4 }, () => startOne), CONCURRENCY));
        seconds.bare += await measuredBlock('bare', () => pooled(Array.from({ length: sizes.startsPerRun / 4 }, () => startBare), CONCURRENCY));
      }
      b4.push({ subject: (real.length - startedBefore) / seconds.project, baseline: sizes.startsPerRun / seconds.bare });
      started = { project: started.project + real.length - startedBefore, bare: started.bare + sizes.startsPerRun };
    }
    const cpuPerStart = Object.fromEntries(
      (['project', 'bare'] as const).map((kind) => [
        kind,
        Object.fromEntries([...cpu[kind]].filter(([, ms]) => ms > 0).map(([name, ms]) => [name, Math.round((ms / started[kind]) * 10) / 10])),
      ]),
    ) as Record<'project' | 'bare', Record<string, number>>;
    const cpuLine = (kind: 'project' | 'bare') =>
      Object.entries(cpuPerStart[kind])
        .sort(([, a], [, b]) => b - a)
        .map(([name, ms]) => `${name} ${ms}`)
        .join(', ');
    say(`B4 CPU ms per start: startProject: ${cpuLine('project')}; bare: ${cpuLine('bare')}`);
    await sleep(3000);
    const held = real.length - 4;
    const projectGrowth = ((await settledRss(worker)) - rss0.worker) / held;
    // A trivial workflow costs so little that the baseline needs many more of them to rise above the RSS's jitter.
    const bareHeld = sizes.bareHeld;
    const bareRss0 = await settledRss(bareWorker);
    await pooled(Array.from({ length: bareHeld }, () => startBare), CONCURRENCY);
    await sleep(3000);
    const b8 = [{ subject: projectGrowth, baseline: ((await settledRss(bareWorker)) - bareRss0) / bareHeld }];
    say(`B4: ${b4.map((r) => `${r.subject.toFixed(1)}/s vs ${r.baseline.toFixed(1)}/s`).join(', ')}`);

    for (let round = 0; round < 10 && real.length < sizes.sample; round += 1) {
      await pooled(Array.from({ length: sizes.sample - real.length }, () => startOne), round === 0 ? CONCURRENCY : 2);
    }
    if (real.length < sizes.sample) throw new Error(`only ${real.length} of ${sizes.sample} projects could be started`);
    const refusals = Object.entries(refusedStarts).map(([code, n]) => `${n} × ${code}`).join(', ');
    if (refusals) say(`startProject refused: ${refusals}`);
    say(`${real.length} projects started through startProject; ${Number(projectRows) - 4 + real.length} projects in all (the demo seed's included)`);

    // A part that fails leaves its figures missing (the smoke mode's failure) and the others still measured.
    const failures: Record<string, string> = {};
    const attempt = async (ids: string[], part: () => Promise<void>) => {
      try {
        await part();
      } catch (error) {
        for (const id of ids) failures[id] = (error as Error).message.slice(0, 400);
        say(`${ids.join(', ')} failed: ${(error as Error).message.slice(0, 400)}`);
      }
    };
    const [b1, b3, flood, b2, b2all, b5, b6]: { subject: number; baseline: number }[][] = [[], [], [], [], [], [], []];
    const refusedWith: string[] = [];
    const deepIndex = Math.min(150, Math.floor(options.projects / 50)) - 1;

    // B1, B3 and the login flood: reads of the partner page by the admin (who sees every project).
    await attempt(['B1', 'B3', 'flood'], async () => {
      const firstPage = partnerPage(50);
      const { projects: beforeDeep } = await admin.ok<{ projects: { pageInfo: { endCursor: string } } }>(
        `query($offset: Int) { projects(first: 1, offset: $offset) { pageInfo { endCursor } } }`,
        { offset: deepIndex * 50 - 1 },
      );
      const deepVariables = { after: beforeDeep.pageInfo.endCursor };
      const readGraphQL = () => admin.ok(firstPage);
      const readDeep = () => admin.ok(partnerPage(50, true), deepVariables);
      const readRaw = async () => {
        const response = await fetch(rawUrl);
        if (!response.ok) throw new Error(`raw SQL server: ${response.status} ${await response.text()}`);
        await response.json();
      };
      const rawRows = ((await (await fetch(rawUrl)).json()) as { data: { projects: { edges: unknown[] } } }).data.projects.edges.length;
      const gqlRows = (await admin.ok<{ projects: { edges: unknown[] } }>(firstPage)).projects.edges.length;
      if (rawRows !== 50 || gqlRows !== 50) throw new Error(`the first page holds ${gqlRows} projects by GraphQL and ${rawRows} by SQL, not 50`);
      for (let i = 0; i < 5; i += 1) for (const read of [readGraphQL, readRaw, readDeep]) await read();
      for (let run = 0; run < RUNS; run += 1) {
        const times = { graphql: [] as number[], raw: [] as number[], deep: [] as number[] };
        for (let i = 0; i < sizes.readsPerRun; i += 1) {
          times.graphql.push(await timed(readGraphQL));
          times.raw.push(await timed(readRaw));
          times.deep.push(await timed(readDeep));
        }
        b1.push({ subject: median(times.graphql), baseline: median(times.raw) });
        b3.push({ subject: median(times.deep), baseline: median(times.graphql) });
      }
      say(`B1: ${b1.map((r) => `${r.subject.toFixed(1)} ms vs ${r.baseline.toFixed(1)} ms`).join(', ')}`);

      let attempts = 0;
      let floodSeconds = 0;
      for (let run = 0; run < RUNS; run += 1) {
        const alone: number[] = [];
        for (let i = 0; i < sizes.floodReadsPerRun; i += 1) alone.push(await timed(readGraphQL));
        let flooding = true;
        const flooders = Array.from({ length: FLOODERS }, async (_, flooder) => {
          for (let i = 0; flooding; i += 1) {
            // Each from its own address and for an unknown email, so that no lockout cuts the flood short and every attempt runs scrypt.
            await new GraphQLCaller(url, null, { 'x-forwarded-for': `10.${run}.${flooder}.${i % 250}` }).call(
              'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
              { email: `nobody-${randomUUID()}@example.org`, password: 'wrong password' },
            );
            attempts += 1;
          }
        });
        const floodStarted = performance.now();
        await sleep(300);
        const during: number[] = [];
        for (let i = 0; i < sizes.floodReadsPerRun; i += 1) during.push(await timed(readGraphQL));
        flooding = false;
        await Promise.all(flooders);
        floodSeconds += (performance.now() - floodStarted) / 1000;
        flood.push({ subject: median(during), baseline: median(alone) });
      }
      say(`login flood: ${(attempts / floodSeconds).toFixed(1)} wrong logins per second; ${flood.map((r) => `${r.subject.toFixed(1)} ms vs ${r.baseline.toFixed(1)} ms`).join(', ')}`);
    });

    // B2: statements per page, counted at the wire between the second API and PostgreSQL.
    await attempt(['B2', 'B2*'], async () => {
      const counted = admin.on(countedUrl);
      const everyField = await everyProjectField(counted);
      // Sent twice, the fewer counts: a request that happens to reload the signed-in principal (its cache
      // expired) sends two statements more, which are not the page's.
      const statementsOf = async (query: string) => {
        const counts: number[] = [];
        for (let i = 0; i < 2; i += 1) {
          const before = counter.count();
          await counted.ok(query);
          counts.push(counter.count() - before);
        }
        return Math.min(...counts);
      };
      const pageOf = (first: number, fields: string, after?: string) =>
        `{ projects(first: ${first}${after ? `, after: ${JSON.stringify(after)}` : ''}) { edges { node { ${fields} } } } }`;
      // A page of 1 costs what its one project's data needs (a field level with nothing to load sends no
      // statement), so it is counted at every position of the page of 50 and the costliest counts: the
      // ratio then shows what 49 more projects add, whichever project happens to come first.
      const { projects } = await counted.ok<{ projects: { edges: { cursor: string }[] } }>('{ projects(first: 50) { edges { cursor } } }');
      const afters = [undefined, ...projects.edges.slice(0, -1).map((edge) => edge.cursor)];
      const costliestSingle = async (fields: string) => {
        const counts: number[] = [];
        for (const after of afters) counts.push(await statementsOf(pageOf(1, fields, after)));
        return { max: Math.max(...counts), min: Math.min(...counts) };
      };
      const singles: string[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const partner = await costliestSingle(PARTNER_NODE);
        b2.push({ baseline: partner.max, subject: await statementsOf(pageOf(50, PARTNER_NODE)) });
        const all = await costliestSingle(everyField);
        b2all.push({ baseline: all.max, subject: await statementsOf(pageOf(50, everyField)) });
        singles.push(`${partner.min}–${partner.max} / ${all.min}–${all.max}`);
      }
      say(`B2: ${b2.map((r) => `${r.subject} vs ${r.baseline}`).join(', ')}; every field: ${b2all.map((r) => `${r.subject} vs ${r.baseline}`).join(', ')}`);
      say(`B2: a page of 1 at each of the ${afters.length} positions costs ${singles.join(', ')} statements (partner / every field)`);
    });

    // B5: decideGate (APPROVE of the first stage, submitted beforehand) against a bare Update awaiting one activity.
    const submitPlanned = (id: string) => operator.ok(SUBMIT, { input: { projectId: id, stageKey: 'planned', data: PLANNED, submit: true } });
    const decidable = real.slice(4, 4 + 2 + RUNS * sizes.decidesPerRun + sizes.refusals);
    await pooled(decidable.map((id) => () => submitPlanned(id)), CONCURRENCY);
    const refusable = decidable.slice(2 + RUNS * sizes.decidesPerRun);
    await attempt(['B5'], async () => {
      const decide = (id: string) => () => approver.ok(DECIDE, { input: { projectId: id, stageKey: 'planned', decision: 'APPROVE' } });
      const update = (workflowId: string) => () => temporal.workflow.getHandle(workflowId).executeUpdate('bump', { args: [randomUUID()] });
      const toDecide = decidable.slice(0, 2 + RUNS * sizes.decidesPerRun);
      const bareFor = [...bare];
      for (let i = 0; i < 2; i += 1) {
        await decide(toDecide.shift()!)();
        await update(bareFor.shift()!)();
      }
      for (let run = 0; run < RUNS; run += 1) {
        const times = { decide: [] as number[], update: [] as number[] };
        for (let i = 0; i < sizes.decidesPerRun; i += 1) {
          times.decide.push(await timed(decide(toDecide.shift()!)));
          times.update.push(await timed(update(bareFor.shift()!)));
        }
        b5.push({ subject: median(times.decide), baseline: median(times.update) });
      }
      say(`B5: ${b5.map((r) => `${r.subject.toFixed(1)} ms vs ${r.baseline.toFixed(1)} ms`).join(', ')}`);
    });

    // B6: history events a refused approval adds; refused in turn for who decides (a team member who is no approver) and for what (a stage that is not open).
    await attempt(['B6'], async () => {
      for (const [n, id] of refusable.entries()) {
        const [{ workflow_id: workflowId }] = (await db.query<{ workflow_id: string }>('select workflow_id from project where id = $1', [id])).rows;
        const handle = temporal.workflow.getHandle(workflowId);
        // Settled first: the last Update's write, answered once committed, records its activity's completion just after.
        for (let waited = 0; waited < 10_000; waited += 100) {
          const { raw } = await handle.describe();
          if ((raw.pendingActivities?.length ?? 0) === 0 && !raw.pendingWorkflowTask) break;
          await sleep(100);
        }
        const before = (await handle.describe()).historyLength;
        const [who, stageKey] = n % 2 === 0 ? [member, 'planned'] : [approver, 'arranged'];
        const answer = await who.call(DECIDE, { input: { projectId: id, stageKey, decision: 'APPROVE' } });
        if (!answer.errors?.length) throw new Error(`B6: an approval of ${stageKey} that should be refused was accepted`);
        refusedWith.push(`${n % 2 === 0 ? 'not an approver' : 'stage not open'}: ${answer.errors[0].extensions?.code ?? '?'}`);
        await sleep(500);
        b6.push({ subject: (await handle.describe()).historyLength - before, baseline: 1 });
      }
      say(`B6: history events added by a refused approval: ${b6.map((r) => r.subject).join(', ')} (${[...new Set(refusedWith)].join('; ')})`);
    });

    const figures: Figure[] = [
      figure('B1', 'partner list projects(first:50) with unit, lead, stage: GraphQL p50 ÷ raw SQL over HTTP p50', 'ms', b1, '≤ 2.5', (f) => f.ratio! <= 2.5),
      figure('B2', 'SQL statements per page of 50 ÷ per page of 1 at its costliest position (partner fields)', 'statements', b2, '= 1.0', (f) => f.ratio! <= 1.0),
      figure('B2*', 'SQL statements per page of 50 ÷ per page of 1 at its costliest position (every Project field)', 'statements', b2all, '= 1.0', (f) => f.ratio! <= 1.0),
      figure('B3', `deep cursor page (page ${deepIndex + 1} of 50, through after) p50 ÷ first page p50`, 'ms', b3, 'none set', null),
      figure('B4', `startProject per second ÷ bare Temporal workflow starts per second, concurrency ${CONCURRENCY}`, 'per s', b4, '≥ 0.7', (f) => f.ratio! >= 0.7, refusals ? `starts refused (counted out of the rate): ${refusals}` : undefined),
      figure('B5', 'decideGate p50 ÷ bare Update awaiting one activity writing one row p50', 'ms', b5, '≤ 1.5', (f) => f.ratio! <= 1.5),
      figure('B6', 'history events added by a refused approval (ratio = the count)', 'events', b6, '= 0', (f) => f.runs.every((run) => run.subject === 0), [...new Set(refusedWith)].join('; ')),
      figure('B8', `worker RSS per cached open project (${held}) ÷ per cached trivial workflow (${bareHeld})`, 'MB', b8, 'project ≤ 0.3 MB', (f) => f.subject! <= 0.3, 'one measurement, not interleaved: the RSS growth of each worker process (median of 5 readings) while holding its started workflows'),
      figure('flood', `partner page p50 under ${FLOODERS} concurrent logins ÷ alone`, 'ms', flood, '≤ 2', (f) => f.ratio! <= 2),
    ];

    for (const f of figures) if (failures[f.id]) f.note = `failed: ${failures[f.id]}`;
    const fmt = (n: number | null, digits = 2) => (n === null || !Number.isFinite(n) ? 'missing' : Number(n.toFixed(digits)));
    console.table(
      figures.map((f) => ({
        figure: f.id,
        'subject (median)': `${fmt(f.subject)} ${f.unit}`,
        'baseline (median)': `${fmt(f.baseline)} ${f.unit}`,
        'ratio (median of runs)': fmt(f.ratio),
        'ratio per run': f.runs.map((r) => fmt(r.ratio)).join(' / '),
        goal: f.goal,
      })),
    );
    for (const f of figures) {
      const verdict = f.ratio === null || !Number.isFinite(f.ratio) ? 'MISSING' : f.pass === null ? 'REPORTED' : f.pass ? 'MET' : 'NOT MET';
      const shown = f.id === 'B6' ? `${fmt(f.subject, 0)} events` : f.id === 'B8' ? `${fmt(f.subject, 3)} MB vs ${fmt(f.baseline, 3)} MB (${fmt(f.ratio)}×)` : `${fmt(f.ratio)}×`;
      console.log(`${verdict.padEnd(8)} ${f.id.padEnd(5)} ${shown}, goal ${f.goal}: ${f.name}`);
    }
    const seconds = (performance.now() - begun) / 1000;
    const report = {
      bench: 'scale',
      at: new Date().toISOString(),
      commit: options.commit,
      projects: Number((await db.query<{ n: string }>('select count(*) as n from project')).rows[0].n),
      startedThroughGraphQL: real.length,
      startsRefused: refusedStarts,
      smoke: options.smoke,
      seconds: Number(seconds.toFixed(1)),
      cpus: cpus().length,
      loadAverageAtStart,
      loadAverageAtEnd: loadavg(),
      figures,
      cpuMsPerStart: cpuPerStart,
    };
    mkdirSync(dirname(options.json), { recursive: true });
    writeFileSync(options.json, JSON.stringify(report, null, 2));
    say(`wrote ${options.json}; ${report.projects} projects, ${seconds.toFixed(0)} s in all`);
    const missing = figures.filter((f) => f.ratio === null || !Number.isFinite(f.ratio));
    if (missing.length > 0) {
      console.error(`scale: missing figures: ${missing.map((f) => f.id).join(', ')}`);
      process.exitCode = 1;
    }
  } catch (error) {
    for (const child of processes) if (child.log.trim()) console.error(`--- ${child.name} (last output) ---\n${child.log.slice(-3000)}`);
    throw error;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}
