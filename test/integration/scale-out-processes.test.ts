import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client as TemporalClient, Connection } from '@temporalio/client';
import { projectStateQuery, type ProjectState } from '@phaseflow/workflows';
import { Client as PgClient } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bulletinScheduleId } from '../../server/src/bulletins/schedule';
import { pickPort } from '../../server/src/runtime/ports';
import type { BenchProcess } from '../bench/scale-support';
import { pooled } from '../bench/scale-support';
import { freshDatabase } from '../support/database';
import { loadDirectory, VALID, type Directory } from '../support/fixtures';
import { Api } from '../support/graphql';
import { phaseflowProcess, READY_LINE, workerIdentity } from '../support/phaseflow-process';

/**
 * Scale-out as a deployment runs it: two API-only and two worker-only OS processes against one
 * PostgreSQL database and one Temporal task queue. 50 projects are driven through both APIs at once,
 * then every project's read model is compared, field by field, with its workflow's state.
 */

const PROJECTS = 50;
const CONCURRENCY = 8;

const START = 'mutation($input: StartProjectInput!) { startProject(input: $input) { id } }';
const SUBMIT = 'mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }';
const DECIDE = 'mutation($input: DecideGateInput!) { decideGate(input: $input) { id } }';
const CANCEL = 'mutation($input: CancelProjectInput!) { cancelProject(input: $input) { id } }';
const READ_MODEL = `query($id: ID!) { project(id: $id) {
  status currentStage { key }
  stages { key status openedAt dueAt closedAt overdue warning approvers { id }
    gate { mode quorum outcome votes { approver { id } vote comment at } } }
  submissions { stageKey }
  decisions { stageKey decision returnToStageKey }
} }`;

/** A stage's own fields, named alike on both sides of the comparison. */
interface StageFields {
  key: string;
  status: string;
  openedAt: string | null;
  dueAt: string | null;
  closedAt: string | null;
  overdue: boolean;
  warning: boolean;
}

interface ReadModelView {
  status: string;
  currentStage: { key: string } | null;
  stages: (StageFields & {
    approvers: { id: string }[];
    gate: { mode: string; quorum: number | null; outcome: string; votes: { approver: { id: string }; vote: string; comment: string | null; at: string }[] } | null;
  })[];
  submissions: { stageKey: string }[];
  decisions: { stageKey: string; decision: string; returnToStageKey: string | null }[];
}

type Actor = 'operator' | 'approver' | 'lead';
interface Step {
  as: Actor;
  query: string;
  input: Record<string, unknown>;
}

/** Who signs each stage's gate in the seeded five-phase type. */
const SIGNER: Record<string, Actor> = { planned: 'approver', arranged: 'lead', implemented: 'approver', assessed: 'approver', applied: 'lead' };
const STAGES = ['planned', 'arranged', 'implemented', 'assessed', 'applied'];

const submit = (stageKey: string, final = true): Step => ({ as: 'operator', query: SUBMIT, input: { stageKey, data: VALID[stageKey], submit: final } });
const decide = (stageKey: string, decision: 'APPROVE' | 'REJECT' | 'RETURN', extra: Record<string, unknown> = {}): Step => ({
  as: SIGNER[stageKey],
  query: DECIDE,
  input: { stageKey, decision, ...extra },
});
const passed = (...stages: string[]): Step[] => stages.flatMap((stage) => [submit(stage), decide(stage, 'APPROVE')]);

interface Scenario {
  name: string;
  steps: Step[];
  status: string;
  /** Undefined: not asserted (a cancelled project). */
  currentStageKey?: string | null;
}

/** Varied ends: complete, waiting at a gate, returned and resumed, cancelled, a draft only, rejected. */
const SCENARIOS: Scenario[] = [
  { name: 'complete', steps: passed(...STAGES), status: 'COMPLETED', currentStageKey: null },
  { name: 'at a gate', steps: [...passed('planned', 'arranged'), submit('implemented')], status: 'ACTIVE', currentStageKey: 'implemented' },
  {
    name: 'returned and resumed',
    steps: [
      ...passed('planned', 'arranged'),
      submit('implemented'),
      decide('implemented', 'RETURN', { comment: '节点安排需细化', returnToStageKey: 'arranged' }),
      ...passed('arranged'),
    ],
    status: 'ACTIVE',
    currentStageKey: 'implemented',
  },
  { name: 'cancelled', steps: [...passed('planned'), { as: 'lead', query: CANCEL, input: { reason: '合并到其他项目' } }], status: 'CANCELLED' },
  { name: 'a draft only', steps: [submit('planned', false)], status: 'ACTIVE', currentStageKey: 'planned' },
  { name: 'rejected', steps: [submit('planned'), decide('planned', 'REJECT', { comment: '请补充材料' })], status: 'ACTIVE', currentStageKey: 'planned' },
  { name: 'complete', steps: passed(...STAGES), status: 'COMPLETED', currentStageKey: null },
  { name: 'at a gate', steps: [...passed('planned'), submit('arranged')], status: 'ACTIVE', currentStageKey: 'arranged' },
  { name: 'complete', steps: passed(...STAGES), status: 'COMPLETED', currentStageKey: null },
  { name: 'at a gate', steps: [...passed('planned', 'arranged', 'implemented', 'assessed'), submit('applied')], status: 'ACTIVE', currentStageKey: 'applied' },
];

/** What both sides say of a project, in one shape, so that the two compare field by field. */
interface Comparable {
  status: string;
  currentStageKey: string | null;
  seq: number;
  stages: (StageFields & {
    revisions: number;
    approvers: string[];
    gate: { mode: string; quorum: number | null; outcome: string; votes: { approverId: string; vote: string; comment: string | null; at: string }[] } | null;
  })[];
}

function fromWorkflow(state: ProjectState): Comparable {
  return {
    status: state.status,
    currentStageKey: state.currentStageKey,
    seq: state.seq,
    stages: state.stages.map((stage) => ({
      key: stage.key,
      status: stage.status,
      openedAt: stage.openedAt,
      dueAt: stage.dueAt,
      closedAt: stage.closedAt,
      overdue: stage.overdue,
      warning: stage.warning ?? false,
      revisions: stage.revisions,
      approvers: [...(stage.approvers ?? [])].sort(),
      gate: stage.gate
        ? {
            mode: stage.gate.mode,
            quorum: stage.gate.quorum,
            outcome: stage.gate.outcome,
            votes: stage.gate.votes.map((vote) => ({ approverId: vote.approverId, vote: vote.vote, comment: vote.comment, at: vote.at })),
          }
        : null,
    })),
  };
}

function fromReadModel(view: ReadModelView, lastSeq: number): Comparable {
  return {
    status: view.status,
    currentStageKey: view.currentStage?.key ?? null,
    seq: lastSeq,
    stages: view.stages.map((stage) => ({
      key: stage.key,
      status: stage.status,
      openedAt: stage.openedAt,
      dueAt: stage.dueAt,
      closedAt: stage.closedAt,
      overdue: stage.overdue,
      warning: stage.warning,
      revisions: view.submissions.filter((submission) => submission.stageKey === stage.key).length,
      approvers: stage.approvers.map((user) => user.id).sort(),
      gate: stage.gate
        ? {
            mode: stage.gate.mode,
            quorum: stage.gate.quorum,
            outcome: stage.gate.outcome,
            votes: stage.gate.votes.map((vote) => ({ approverId: vote.approver.id, vote: vote.vote, comment: vote.comment, at: vote.at })),
          }
        : null,
    })),
  };
}

/** Every leaf where the two differ, as `path: workflow → read model`. */
function differences(workflow: unknown, readModel: unknown, path = ''): string[] {
  if (typeof workflow === 'object' && workflow !== null && typeof readModel === 'object' && readModel !== null) {
    const keys = new Set([...Object.keys(workflow), ...Object.keys(readModel)]);
    return [...keys].flatMap((key) =>
      differences((workflow as Record<string, unknown>)[key], (readModel as Record<string, unknown>)[key], path ? `${path}.${key}` : key),
    );
  }
  return workflow === readModel ? [] : [`${path}: ${JSON.stringify(workflow)} → ${JSON.stringify(readModel)}`];
}

interface Driven {
  id: string;
  scenario: Scenario;
  /** Which API (0 or 1) answered each of its requests, in order. */
  apis: number[];
  decisions: { stageKey: string; decision: string; returnToStageKey: string | null }[];
}

describe('two API processes and two worker processes on one database and one task queue', () => {
  const processes: BenchProcess[] = [];
  const cleanups: (() => Promise<unknown>)[] = [];
  let apis: BenchProcess[];
  let workers: BenchProcess[];
  let graphqlUrls: string[];
  let databaseUrl: string;
  let taskQueue: string;
  let temporal: TemporalClient;
  let db: PgClient;
  const driven: Driven[] = [];

  beforeAll(async () => {
    const database = await freshDatabase(inject('databaseUrl'), 'phaseflow_procs');
    cleanups.push(database.drop);
    databaseUrl = database.url;
    const dataDir = await mkdtemp(join(tmpdir(), 'phaseflow-procs-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    taskQueue = `phaseflow-procs-${randomUUID().slice(0, 8)}`;
    const common = {
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      JWT_SECRET: 'procs-secret-procs-secret-procs-secret-01',
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      WEBHOOK_WORKER: 'false',
    };
    const ports = [await pickPort(54500), await pickPort(54600), await pickPort(54700), await pickPort(54800)];
    // The APIs seed the demo organisation and types (no projects: those need a worker in the process).
    apis = [0, 1].map((i) => phaseflowProcess(`api-${i + 1}`, { ...common, RUN_WORKER: 'false', SEED: 'true', SEED_DEMO_SITES: 'false', PORT: String(ports[i]) }));
    workers = [0, 1].map((i) => phaseflowProcess(`worker-${i + 1}`, { ...common, RUN_API: 'false', SEED: 'false', HEALTH_PORT: String(ports[2 + i]) }));
    processes.push(...apis, ...workers);
    // All four at once, as replicas roll out: they migrate and seed the same empty database together.
    const began = performance.now();
    await Promise.all(processes.map((process) => process.start(READY_LINE)));
    console.log(`scale-out: 2 APIs and 2 workers started together in ${((performance.now() - began) / 1000).toFixed(1)} s`);
    graphqlUrls = ports.slice(0, 2).map((port) => `http://127.0.0.1:${port}/graphql`);

    const connection = await Connection.connect({ address: inject('temporalAddress') });
    cleanups.push(() => connection.close());
    temporal = new TemporalClient({ connection });
    cleanups.push(() => temporal.schedule.getHandle(bulletinScheduleId(taskQueue)).delete());
    db = new PgClient({ connectionString: databaseUrl });
    await db.connect();
    cleanups.push(() => db.end());
  }, 240_000);

  afterAll(async () => {
    // The processes first, even when starting them failed half way, then what they used.
    await Promise.all(processes.map((process) => process.stop()));
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }, 60_000);

  // 30–45 s alone on 2 cores, twice that beside other work: more than the project's default timeout.
  it('drives 50 projects through both APIs at once, each project through both', async () => {
    const signIn = (email: string, i: number) => Api.signIn(email, 'phaseflow', graphqlUrls[i % 2]);
    const [operator, approver, lead] = await Promise.all([signIn('operator@phaseflow.local', 0), signIn('approver@phaseflow.local', 1), signIn('lead@phaseflow.local', 0)]);
    // A token from one API is good on the other: they share JWT_SECRET and the database.
    const as: Record<Actor, Api[]> = {
      operator: [operator.on(graphqlUrls[0]), operator.on(graphqlUrls[1])],
      approver: [approver.on(graphqlUrls[0]), approver.on(graphqlUrls[1])],
      lead: [lead.on(graphqlUrls[0]), lead.on(graphqlUrls[1])],
    };
    const dir: Directory = await loadDirectory(operator);

    const runs = Array.from({ length: PROJECTS }, (_, i) => async () => {
      const scenario = SCENARIOS[i % SCENARIOS.length];
      const started = await as.operator[i % 2].ok<{ startProject: { id: string } }>(START, {
        input: {
          typeKey: 'five-phase',
          title: `横向扩展 ${i + 1}`,
          unitId: dir.units['Donghe Town'],
          departmentId: dir.units['Organisation Department'],
          leadId: dir.users['lead@phaseflow.local'],
          teamMemberIds: [dir.users['member1@phaseflow.local']],
          requestId: `procs-start-${i}`,
        },
      });
      const project: Driven = { id: started.startProject.id, scenario, apis: [i % 2], decisions: [] };
      for (const [n, step] of scenario.steps.entries()) {
        const api = (i + n + 1) % 2;
        await as[step.as][api].ok(step.query, { input: { projectId: project.id, requestId: `procs-${i}-${n}`, ...step.input } });
        project.apis.push(api);
        if (step.query === DECIDE) {
          const { stageKey, decision, returnToStageKey } = step.input as { stageKey: string; decision: string; returnToStageKey?: string };
          project.decisions.push({ stageKey, decision, returnToStageKey: returnToStageKey ?? null });
        }
      }
      driven.push(project);
    });
    const seconds = await pooled(runs, CONCURRENCY);
    const requests = driven.reduce((sum, project) => sum + project.apis.length, 0);
    console.log(`scale-out: ${requests} requests for ${PROJECTS} projects through 2 APIs in ${seconds.toFixed(1)} s, ${CONCURRENCY} at a time`);

    expect(driven).toHaveLength(PROJECTS);
    const perApi = [0, 1].map((api) => driven.reduce((sum, project) => sum + project.apis.filter((a) => a === api).length, 0));
    expect(Math.min(...perApi)).toBeGreaterThan(requests / 3);
    for (const project of driven) expect(new Set(project.apis), project.id).toEqual(new Set([0, 1]));
  }, 240_000);

  it("leaves every project's read model equal to its workflow's state, field by field", async () => {
    expect(driven).toHaveLength(PROJECTS);
    const readers = await readersOn(graphqlUrls);
    const mismatches: string[] = [];
    const outcomes: Record<string, number> = {};
    for (const [i, project] of driven.entries()) {
      const state = await temporal.workflow.getHandle(`project-${project.id}`).query(projectStateQuery);
      // Read back through the API that did not start it.
      const view = (await readers[(i + 1) % 2].ok<{ project: ReadModelView }>(READ_MODEL, { id: project.id })).project;
      const row = (await db.query<{ last_seq: number; status: string; current_stage_key: string | null }>('select last_seq, status, current_stage_key from project where id = $1', [project.id])).rows[0];
      const workflow = fromWorkflow(state);
      const readModel = fromReadModel(view, row.last_seq);
      mismatches.push(...differences(workflow, readModel).map((line) => `${project.id} (${project.scenario.name}) ${line}`));
      mismatches.push(...differences({ status: state.status, currentStageKey: state.currentStageKey }, { status: row.status, currentStageKey: row.current_stage_key }).map((line) => `${project.id} table ${line}`));
      // The API lists decisions newest first.
      mismatches.push(...differences(project.decisions, [...view.decisions].reverse()).map((line) => `${project.id} decisions ${line}`));
      // The drive did what each scenario says, so the states compared are the varied ones intended.
      expect(state.status, project.id).toBe(project.scenario.status);
      if (project.scenario.currentStageKey !== undefined) expect(state.currentStageKey, project.id).toBe(project.scenario.currentStageKey);
      outcomes[state.status] = (outcomes[state.status] ?? 0) + 1;
    }
    console.log(`scale-out: outcomes ${JSON.stringify(outcomes)}`);
    expect(mismatches).toEqual([]);
    expect(outcomes).toEqual({ COMPLETED: 15, ACTIVE: 30, CANCELLED: 5 });
  });

  it('ran workflow tasks and activities on both workers', async () => {
    expect(driven).toHaveLength(PROJECTS);
    const identities = workers.map(workerIdentity);
    const workflowTasks = new Map<string, number>();
    const activityTasks = new Map<string, number>();
    const count = (map: Map<string, number>, identity: string | null | undefined) => map.set(identity ?? '?', (map.get(identity ?? '?') ?? 0) + 1);
    for (const project of driven) {
      const history = await temporal.workflow.getHandle(`project-${project.id}`).fetchHistory();
      for (const event of history.events ?? []) {
        if (event.workflowTaskCompletedEventAttributes) count(workflowTasks, event.workflowTaskCompletedEventAttributes.identity);
        if (event.activityTaskStartedEventAttributes) count(activityTasks, event.activityTaskStartedEventAttributes.identity);
      }
    }
    console.log(`scale-out: workflow tasks per worker ${JSON.stringify(Object.fromEntries(workflowTasks))}, activities ${JSON.stringify(Object.fromEntries(activityTasks))}`);
    // Only our two workers served the queue, and each took a real share of the work.
    expect([...workflowTasks.keys()].sort()).toEqual([...identities].sort());
    expect([...activityTasks.keys()].sort()).toEqual([...identities].sort());
    for (const identity of identities) expect(workflowTasks.get(identity)).toBeGreaterThanOrEqual(10);
  });

  it('notices a read model that drifted from its workflow (the comparison can fail)', async () => {
    const completed = driven.find((project) => project.scenario.status === 'COMPLETED')!;
    await db.query(`update project_stage set status = 'OPEN' where project_id = $1 and stage_key = 'applied'`, [completed.id]);
    const state = await temporal.workflow.getHandle(`project-${completed.id}`).query(projectStateQuery);
    const view = (await (await readersOn(graphqlUrls))[0].ok<{ project: ReadModelView }>(READ_MODEL, { id: completed.id })).project;
    const row = (await db.query<{ last_seq: number }>('select last_seq from project where id = $1', [completed.id])).rows[0];
    expect(differences(fromWorkflow(state), fromReadModel(view, row.last_seq))).toEqual(['stages.4.status: "APPROVED" → "OPEN"']);
  });
});

/** The county admin, who sees every project, on each API. */
async function readersOn(urls: string[]): Promise<Api[]> {
  const admin = await Api.signIn('admin@phaseflow.local', 'phaseflow', urls[0]);
  return urls.map((url) => admin.on(url));
}
