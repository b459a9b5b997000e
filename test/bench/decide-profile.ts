/**
 * `npx tsx --tsconfig server/tsconfig.json test/bench/decide-profile.ts [--decides N] [--count] [--json] [--cpu-prof <dir>]`
 * (issue 11, B5): where the time of one `decideGate` APPROVE goes. The stack runs as the scale bench's
 * does (worker and API each a process of its own; with `--count` each one's database connections pass
 * through a statement counter, which adds a hop to every statement, so times are taken without); each
 * approval is timed at the client and its Update's events are read back from the workflow history,
 * so the time splits into the API before the Update, the workflow tasks, the activities and the API
 * after it. A bare Update awaiting one activity writing one row is timed beside it (B5's baseline).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { Client as PgClient } from 'pg';
import { findRepoRoot } from '../../server/src/config';
import { createLog } from '../../server/src/log';
import { startEmbeddedPostgres } from '../../server/src/runtime/embedded-postgres';
import { pickPort } from '../../server/src/runtime/ports';
import { startTemporalDevServer } from '../../server/src/runtime/temporal-dev-server';
import { BenchProcess, GraphQLCaller, median, pooled, startStatementCounter } from './scale-support';

const BARE_TASK_QUEUE = 'decide-profile-bare';
const DECIDE = `mutation($input: DecideGateInput!) { decideGate(input: $input) { id status currentStage { key } } }`;
const PLANNED = { goal: '建设党群服务中心，服务群众', category: 'party', budget: 50, startDate: '2026-03-01' };
const EventType = proto.api.enums.v1.EventType;

type HistoryEvent = proto.api.history.v1.IHistoryEvent;

/** CPU time (user + system, every thread) a process has used, in ms, from /proc (10 ms ticks). */
function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const msOf = (event: HistoryEvent) => Number(event.eventTime!.seconds) * 1000 + (event.eventTime!.nanos ?? 0) / 1e6;

/** The phases of one approval, in ms, from the client's clock and the history's (one machine, one clock). */
interface Phases {
  total: number;
  /** Request sent → the Update's workflow task scheduled: HTTP, auth, the access reads, the key claim, the Update call. */
  apiBefore: number;
  /** Each workflow task, scheduled → completed. */
  workflowTasks: number[];
  /** Each activity, scheduled → completed (queue, run, report). */
  activities: { name: string; ms: number; run: number }[];
  /**
   * The Update completed (or, answered on acceptance, its persistence activity completed, just after the
   * write committed and was heard) → the answer at the client: the read back, the fields, HTTP.
   */
  apiAfter: number;
  /** The Update's events, ms after the request was sent. */
  timeline: string[];
  apiStatements: number;
  workerStatements: number;
}

function phasesOf(events: HistoryEvent[], sent: number, answered: number): Omit<Phases, 'apiStatements' | 'workerStatements'> {
  // The Update's events: from the last workflow task scheduled before the acceptance to the completion.
  const acceptedAt = events.findLastIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED);
  const completedAt = events.findLastIndex((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED);
  let first = acceptedAt;
  while (first > 0 && events[first].eventType !== EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) first -= 1;
  // An Update answered on acceptance completes before its persistence activity: the span runs on to
  // that activity's completion (the API answers once the write has committed).
  let last = completedAt;
  const persisted = events.findIndex(
    (e, i) =>
      i > acceptedAt &&
      e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED &&
      Number(e.activityTaskCompletedEventAttributes!.scheduledEventId) > first,
  );
  if (persisted > last) last = persisted;
  const span = events.slice(first, last + 1);
  const workflowTasks: number[] = [];
  const updateCompleted = msOf(events[completedAt]);
  const activities: Phases['activities'] = [];
  const scheduled = new Map<number, { name: string; at: number }>();
  const started = new Map<number, number>();
  let taskAt: number | null = null;
  for (const event of span) {
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) taskAt = msOf(event);
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED && taskAt !== null && msOf(event) <= updateCompleted) {
      workflowTasks.push(msOf(event) - taskAt);
      taskAt = null;
    }
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
      scheduled.set(Number(event.eventId), { name: event.activityTaskScheduledEventAttributes!.activityType!.name!, at: msOf(event) });
    }
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED) started.set(Number(event.activityTaskStartedEventAttributes!.scheduledEventId), msOf(event));
    if (event.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED) {
      const id = Number(event.activityTaskCompletedEventAttributes!.scheduledEventId);
      const activity = scheduled.get(id)!;
      activities.push({ name: activity.name, ms: msOf(event) - activity.at, run: msOf(event) - (started.get(id) ?? activity.at) });
    }
  }
  return {
    total: answered - sent,
    apiBefore: msOf(span[0]) - sent,
    workflowTasks,
    activities,
    apiAfter: answered - msOf(span[span.length - 1]),
    timeline: span.map((event) => `${(msOf(event) - sent).toFixed(1)} ${EventType[event.eventType!].replace('EVENT_TYPE_', '')}`),
  };
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--decides');
  const decides = at >= 0 ? Number(process.argv[at + 1]) : 20;
  const root = findRepoRoot();
  const log = createLog('warn');
  const dataDir = await mkdtemp(join(tmpdir(), 'phaseflow-decide-'));
  const stops: (() => Promise<unknown>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  const processes: BenchProcess[] = [];
  try {
    const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg'), port: await pickPort(55933 + Math.floor(Math.random() * 500)), log, ephemeral: true });
    stops.push(() => pg.stop());
    const temporalPort = await pickPort(57533 + Math.floor(Math.random() * 500));
    const temporalServer = await startTemporalDevServer({
      dataDir: join(dataDir, 'temporal'),
      port: temporalPort,
      uiPort: await pickPort(58533 + Math.floor(Math.random() * 500), '127.0.0.1', [temporalPort]),
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
    const counting = process.argv.includes('--count');
    const [apiCounter, workerCounter] = counting
      ? await Promise.all([0, 1].map(() => startStatementCounter({ host: pgUrl.hostname, port: Number(pgUrl.port) })))
      : [null, null];
    stops.push(async () => apiCounter?.close(), async () => workerCounter?.close());
    await db.query('create table if not exists bench_bare_row (key text primary key, at timestamptz not null)');

    const common = {
      TSX_TSCONFIG_PATH: join(root, 'server', 'tsconfig.json'),
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      JWT_SECRET: 'decide-profile-secret-'.padEnd(40, 'x'),
      TRUST_PROXY: 'loopback',
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporalServer.address,
    };
    // `--cpu-prof <dir>`: the Phaseflow processes write V8 CPU profiles there when they stop.
    const profileAt = process.argv.indexOf('--cpu-prof');
    const profiled = profileAt >= 0 ? ['--cpu-prof', '--cpu-prof-dir', process.argv[profileAt + 1]] : [];
    const phaseflow = [...profiled, '--import', 'tsx', join(root, 'server', 'src', 'main.ts')];
    const spawnIt = async (name: string, args: string[], env: Record<string, string>, ready: string) => {
      const child = new BenchProcess(name, args, { ...common, ...env }, root);
      processes.push(child);
      stops.push(() => child.stop());
      await child.start(ready);
      return child;
    };
    const base = 46_000 + Math.floor(Math.random() * 1500) * 10;
    const workerPort = await pickPort(base);
    const apiPort = await pickPort(base + 1, '127.0.0.1', [workerPort]);
    const [worker, api] = await Promise.all([
      spawnIt('worker', phaseflow, { RUN_API: 'false', SEED: 'true', SEED_DEMO_SITES: 'false', PORT: String(workerPort), DATABASE_URL: workerCounter?.url(pg.url) ?? pg.url }, 'Phaseflow is running.'),
      spawnIt('api', phaseflow, { RUN_WORKER: 'false', SEED: 'false', PORT: String(apiPort), DATABASE_URL: apiCounter?.url(pg.url) ?? pg.url }, 'Phaseflow is running.'),
      spawnIt('bare worker', ['--import', 'tsx', join(root, 'test', 'bench', 'scale-bare', 'bare-worker.ts')], { BARE_TASK_QUEUE }, 'bare worker ready'),
    ]);
    const url = `http://127.0.0.1:${apiPort}/graphql`;
    const [admin, operator, approver] = await Promise.all(
      ['admin@phaseflow.local', 'operator@phaseflow.local', 'approver@phaseflow.local'].map((email) => GraphQLCaller.signIn(url, email)),
    );
    const directory = await admin.ok<{ units: { id: string; names: { en: string } }[]; users: { id: string; email: string }[] }>('{ units { id names { en } } users { id email } }');
    const unitId = (en: string) => directory.units.find((unit) => unit.names.en === en)!.id;
    const userId = (email: string) => directory.users.find((user) => user.email === email)!.id;
    const projects: string[] = [];
    await pooled(
      Array.from({ length: decides + 2 }, () => async () => {
        const answer = await operator.ok<{ startProject: { id: string } }>(`mutation($input: StartProjectInput!) { startProject(input: $input) { id } }`, {
          input: {
            typeKey: 'five-phase',
            title: `审批剖析 ${randomUUID().slice(0, 8)}`,
            unitId: unitId('Donghe Town'),
            leadId: userId('lead@phaseflow.local'),
            departmentId: unitId('Organisation Department'),
            teamMemberIds: [userId('member1@phaseflow.local')],
          },
        });
        projects.push(answer.startProject.id);
        await operator.ok(`mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }`, {
          input: { projectId: answer.startProject.id, stageKey: 'planned', data: PLANNED, submit: true },
        });
      }),
      4,
    );
    const bare: string[] = [];
    for (let i = 0; i < decides + 2; i += 1) {
      const workflowId = `decide-profile-bare-${randomUUID()}`;
      await temporal.workflow.start('bareWorkflow', { taskQueue: BARE_TASK_QUEUE, workflowId, args: [] });
      bare.push(workflowId);
    }
    const update = (workflowId: string) => temporal.workflow.getHandle(workflowId).executeUpdate('bump', { args: [randomUUID()] });

    const all: Phases[] = [];
    const baseline: number[] = [];
    const bareAll: Phases[] = [];
    // CPU of each Phaseflow process over the measured approvals only (the bare Updates in between left out).
    const cpu = { api: 0, worker: 0 };
    for (const [i, projectId] of projects.entries()) {
      const counted = { api: apiCounter?.count() ?? 0, worker: workerCounter?.count() ?? 0 };
      const cpuBefore = { api: cpuMsOf(api.pid), worker: cpuMsOf(worker.pid) };
      const sent = Date.now();
      await approver.ok(DECIDE, { input: { projectId, stageKey: 'planned', decision: 'APPROVE' } });
      const answered = Date.now();
      const cpuSpent = { api: cpuMsOf(api.pid) - cpuBefore.api, worker: cpuMsOf(worker.pid) - cpuBefore.worker };
      const statements = { apiStatements: (apiCounter?.count() ?? 0) - counted.api, workerStatements: (workerCounter?.count() ?? 0) - counted.worker };
      const bareSent = Date.now();
      await update(bare[i]);
      const bareAnswered = Date.now();
      // The first two warm up.
      if (i < 2) continue;
      cpu.api += cpuSpent.api;
      cpu.worker += cpuSpent.worker;
      baseline.push(bareAnswered - bareSent);
      const bareHistory = await temporal.workflow.getHandle(bare[i]).fetchHistory();
      bareAll.push({ ...phasesOf(bareHistory.events ?? [], bareSent, bareAnswered), apiStatements: 0, workerStatements: 0 });
      const [{ workflow_id: workflowId }] = (await db.query<{ workflow_id: string }>('select workflow_id from project where id = $1', [projectId])).rows;
      const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
      all.push({ ...phasesOf(history.events ?? [], sent, answered), ...statements });
    }

    const m = (values: number[]) => Number(median(values).toFixed(1));
    const activityNames = [...new Set(all.flatMap((p) => p.activities.map((a) => a.name)))];
    const summary = {
      decides: all.length,
      'decideGate p50 (ms)': m(all.map((p) => p.total)),
      'bare Update p50 (ms)': m(baseline),
      ratio: Number((median(all.map((p) => p.total)) / median(baseline)).toFixed(2)),
      'API before the Update (ms)': m(all.map((p) => p.apiBefore)),
      'workflow tasks (count)': m(all.map((p) => p.workflowTasks.length)),
      'workflow tasks, each scheduled → completed (ms)': m(all.flatMap((p) => p.workflowTasks)),
      ...Object.fromEntries(
        activityNames.flatMap((name) => {
          const of = all.flatMap((p) => p.activities.filter((a) => a.name === name));
          return [
            [`${name}: scheduled → completed (ms)`, m(of.map((a) => a.ms))],
            [`${name}: started → completed (ms)`, m(of.map((a) => a.run))],
          ];
        }),
      ),
      'API after the Update (ms)': m(all.map((p) => p.apiAfter)),
      'API CPU per approval (ms)': Number((cpu.api / all.length).toFixed(1)),
      'worker CPU per approval (ms)': Number((cpu.worker / all.length).toFixed(1)),
      'bare: client to the workflow task scheduled (ms)': m(bareAll.map((p) => p.apiBefore)),
      'bare: workflow tasks, each (ms)': m(bareAll.flatMap((p) => p.workflowTasks)),
      'bare: writeRow scheduled → completed (ms)': m(bareAll.flatMap((p) => p.activities.map((a) => a.ms))),
      'bare: completed → the answer at the client (ms)': m(bareAll.map((p) => p.apiAfter)),
      ...(counting ? { 'API statements': m(all.map((p) => p.apiStatements)), 'worker statements': m(all.map((p) => p.workerStatements)) } : {}),
    };
    console.table(summary);
    if (process.argv.includes('--json')) console.log(JSON.stringify({ summary, all }, null, 2));
  } catch (error) {
    for (const child of processes) if (child.log.trim()) console.error(`--- ${child.name} (last output) ---\n${child.log.slice(-3000)}`);
    throw error;
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
