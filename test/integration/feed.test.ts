import { randomUUID } from 'node:crypto';
import { applyOverdue, applyWarning, projectStateQuery } from '@phaseflow/workflows';
import { Client, Connection } from '@temporalio/client';
import type { MikroORM } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openOrm } from '../../server/src/db/orm';
import { EVERYTHING } from '../../server/src/progress/progress.service';
import { purgeChanges, readChanges, recordChange } from '../../server/src/feed/feed.service';
import { createActivities } from '../../server/src/temporal/activities';
import { Api } from '../support/graphql';
import { loadDirectory, type Directory } from '../support/fixtures';

const label = (zh: string, en: string) => ({ zh, en });
const form = { fields: [{ key: 'note', type: 'text', label: label('说明', 'Note'), required: true }] };

interface ChangeView {
  id: string;
  cursor: string;
  kind: string;
  projectId: string | null;
  unitId: string | null;
  typeKey: string | null;
  stageKey: string | null;
  actor: { email: string } | null;
  at: string;
  payload: Record<string, unknown>;
}
interface Page {
  changes: { edges: { cursor: string; node: ChangeView }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const CHANGES = `query($after: String, $first: Int, $filter: ChangeEventFilter) {
  changes(after: $after, first: $first, filter: $filter) {
    edges { cursor node { id cursor kind projectId unitId typeKey stageKey actor { email } at payload } }
    pageInfo { hasNextPage endCursor }
  }
}`;

let admin: Api;
let operator: Api;
let approver: Api;
let lead: Api;
let townAdmin: Api;
let dir: Directory;
let orm: MikroORM;

/** Every change after `after` the viewer sees, paging `first` at a time; with the cursor to go on from. */
async function readAll(api: Api, after: string | null, filter: Record<string, unknown> = {}, first = 50): Promise<{ changes: ChangeView[]; cursor: string | null }> {
  const changes: ChangeView[] = [];
  let cursor = after;
  for (;;) {
    const page = (await api.ok<Page>(CHANGES, { after: cursor, first, filter })).changes;
    changes.push(...page.edges.map((edge) => edge.node));
    cursor = page.pageInfo.endCursor;
    if (!page.pageInfo.hasNextPage) return { changes, cursor };
  }
}

/** A cursor's place in the feed (cursors are opaque to partners; the test knows their shape). */
const seqOf = (cursor: string): bigint => BigInt(Buffer.from(cursor, 'base64url').toString().replace('chg:', ''));

const newest = async () => (await admin.ok<{ changesCursor: string }>('{ changesCursor }')).changesCursor;

async function publish(stages: number): Promise<string> {
  const key = `feed-${randomUUID().slice(0, 6)}`;
  await admin.ok('mutation($d: JSON!) { saveProjectTypeDraft(definition: $d) { key } }', {
    d: {
      key,
      version: 1,
      name: label('动态', 'Feed'),
      stages: Array.from({ length: stages }, (_, i) => ({
        key: `s${i + 1}`,
        name: label(`阶段${i + 1}`, `Stage ${i + 1}`),
        deadlineDays: 30,
        warningDays: 5,
        form,
        gate: { mode: 'ANY_OF', approvers: { kind: 'USERS', userIds: [dir.users['approver@phaseflow.local']] } },
      })),
    },
  });
  await admin.ok('mutation($k: String!) { publishProjectType(key: $k) { version } }', { k: key });
  return key;
}

const start = async (typeKey: string, town: string) =>
  (
    await operator.ok<{ startProject: { id: string; code: string } }>('mutation($input: StartProjectInput!) { startProject(input: $input) { id code } }', {
      input: {
        typeKey,
        title: `Feed ${randomUUID().slice(0, 6)}`,
        unitId: dir.units[town],
        leadId: dir.users['lead@phaseflow.local'],
        departmentId: dir.units['Organisation Department'],
        teamMemberIds: [dir.users['member1@phaseflow.local']],
      },
    })
  ).startProject;
const submit = (projectId: string, stageKey: string) =>
  operator.ok('mutation($input: SubmitStageFormInput!) { submitStageForm(input: $input) { id } }', { input: { projectId, stageKey, submit: true, data: { note: 'ok' } } });
const decide = (api: Api, projectId: string, stageKey: string, decision: string, extra: Record<string, unknown> = {}) =>
  api.ok('mutation($input: DecideGateInput!) { decideGate(input: $input) { id } }', { input: { projectId, stageKey, decision, ...extra } });

beforeAll(async () => {
  admin = await Api.signIn('admin@phaseflow.local');
  operator = await Api.signIn('operator@phaseflow.local');
  approver = await Api.signIn('approver@phaseflow.local');
  lead = await Api.signIn('lead@phaseflow.local');
  townAdmin = await Api.signIn('town.admin@phaseflow.local');
  dir = await loadDirectory(admin);
  orm = await openOrm(inject('databaseUrl'));
});

afterAll(async () => {
  await orm?.close();
});

describe('the change feed', () => {
  it('records a project’s life, a published type and organisation changes, in order, with actor, stage and payload', async () => {
    const from = await newest();
    const key = await publish(2);
    const project = await start(key, 'Donghe Town');
    await submit(project.id, 's1');
    await decide(approver, project.id, 's1', 'REJECT', { comment: '补材料' });
    await submit(project.id, 's1');
    await decide(approver, project.id, 's1', 'APPROVE');
    await submit(project.id, 's2');
    await decide(approver, project.id, 's2', 'RETURN', { comment: '回到第一阶段', returnToStageKey: 's1' });
    // Flags come from the workflow's timers: their events go through the real persistence activity.
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    try {
      const state = await new Client({ connection }).workflow.getHandle(`project-${project.id}`).query(projectStateQuery);
      const stage = state.stages.find((s) => s.key === 's1')!;
      const warned = applyWarning(state, new Date(stage.warnAt!))!;
      const overdue = applyOverdue(warned.state, new Date(stage.dueAt!))!;
      await createActivities(orm).persistProjectEvents([...warned.events, ...overdue.events]);
    } finally {
      await connection.close();
    }
    const unit = await admin.ok<{ createUnit: { id: string } }>('mutation($input: CreateUnitInput!) { createUnit(input: $input) { id } }', {
      input: { code: `feed-${randomUUID().slice(0, 6)}`, names: label('动态村', 'Feed village'), kind: 'VILLAGE', parentId: dir.units['Donghe Town'] },
    });

    const { changes } = await readAll(admin, from);
    const mine = changes.filter((change) => change.projectId === project.id || change.typeKey === key || change.unitId === unit.createUnit.id);
    expect(mine.map((change) => `${change.kind}:${change.stageKey ?? ''}`)).toEqual([
      'TYPE_PUBLISHED:',
      'PROJECT_STARTED:s1',
      'FORM_SUBMITTED:s1',
      'GATE_REJECTED:s1',
      'FORM_SUBMITTED:s1',
      'GATE_APPROVED:s1',
      'STAGE_OPENED:s2',
      'FORM_SUBMITTED:s2',
      'GATE_RETURNED:s2',
      'STAGE_OPENED:s1',
      'FLAG_RAISED:s1',
      'FLAG_RAISED:s1',
      'UNIT_CREATED:',
    ]);
    const byKind = (kind: string) => mine.filter((change) => change.kind === kind);
    expect(byKind('TYPE_PUBLISHED')[0]).toMatchObject({ typeKey: key, actor: { email: 'admin@phaseflow.local' }, payload: { key, version: 1 } });
    expect(byKind('PROJECT_STARTED')[0]).toMatchObject({ unitId: dir.units['Donghe Town'], typeKey: key, actor: { email: 'operator@phaseflow.local' }, payload: { code: project.code, status: 'ACTIVE' } });
    expect(byKind('GATE_REJECTED')[0].payload).toMatchObject({ comment: '补材料', currentStageKey: 's1' });
    expect(byKind('GATE_RETURNED')[0].payload).toMatchObject({ comment: '回到第一阶段', returnToStageKey: 's1', currentStageKey: 's1' });
    expect(byKind('FLAG_RAISED').map((change) => [change.payload.flag, change.actor])).toEqual([['WARNING', null], ['OVERDUE', null]]);
    expect(byKind('UNIT_CREATED')[0]).toMatchObject({ unitId: unit.createUnit.id, actor: { email: 'admin@phaseflow.local' } });
    // Cursors go up with the order, and each change is there once.
    expect(new Set(changes.map((change) => change.id)).size).toBe(changes.length);
    const seqs = changes.map((change) => seqOf(change.cursor));
    expect(seqs).toEqual([...seqs].sort((a, b) => (a < b ? -1 : 1)));
    expect(new Set(seqs).size).toBe(seqs.length);

    // Filters: kinds, the project, the type, a unit's subtree.
    const decided = await readAll(admin, from, { projectId: project.id, kinds: ['GATE_APPROVED', 'GATE_REJECTED', 'GATE_RETURNED'] });
    expect(decided.changes.map((change) => change.kind)).toEqual(['GATE_REJECTED', 'GATE_APPROVED', 'GATE_RETURNED']);
    expect((await readAll(admin, from, { typeKey: key })).changes).toHaveLength(mine.length - 1);
    expect((await readAll(admin, from, { unitId: dir.units['Xiling Town'] })).changes.filter((change) => change.projectId === project.id)).toEqual([]);
  });

  it('shows a viewer only what the access policy lets it see', async () => {
    const from = await newest();
    const key = await publish(1);
    const inTown = await start(key, 'Donghe Town');
    const elsewhere = await start(key, 'Xiling Town');
    const seen = (await readAll(townAdmin, from)).changes;
    expect(seen.some((change) => change.projectId === inTown.id)).toBe(true);
    expect(seen.some((change) => change.projectId === elsewhere.id)).toBe(false);
    expect(seen.some((change) => change.kind === 'TYPE_PUBLISHED' && change.typeKey === key)).toBe(true);
    const all = (await readAll(admin, from)).changes;
    expect(all.some((change) => change.projectId === elsewhere.id)).toBe(true);
    // A partner key of the town reads the town's changes only.
    const { createApiKey } = await admin.ok<{ createApiKey: { secret: string } }>('mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }', {
      input: { name: `Feed ${randomUUID().slice(0, 6)}`, unitId: dir.units['Donghe Town'], scopes: ['READ'] },
    });
    const partner = (await readAll(new Api(undefined, createApiKey.secret), from)).changes;
    expect(partner.filter((change) => change.projectId !== null).map((change) => change.projectId)).toEqual([inTown.id]);
    // The lead sees its own project wherever it is.
    expect((await readAll(lead, from, { projectId: elsewhere.id })).changes.map((change) => change.kind)).toEqual(['PROJECT_STARTED']);
  });

  it('gives a reader with first: 7 every change of 8 concurrent writers exactly once, in commit order, with none appearing behind its cursor', async () => {
    const unitId = dir.units['Donghe Town'];
    const from = await newest();
    const WRITERS = 8;
    const EACH = 15;
    let writing = true;
    // Each writer holds its transaction open a random while after writing, so later starts commit first.
    const writers = Array.from({ length: WRITERS }, async (_, writer) => {
      for (let i = 0; i < EACH; i += 1) {
        await orm.em.fork().transactional(async (tx) => {
          recordChange(tx, { kind: 'UNIT_UPDATED', unitId, actorId: null, at: new Date(), payload: { test: 'concurrency', writer, i } });
          await tx.flush();
          await new Promise((resolve) => setTimeout(resolve, Math.random() * 25));
        });
      }
    });
    const done = Promise.all(writers).finally(() => {
      writing = false;
    });
    const read: ChangeView[] = [];
    let cursor: string | null = from;
    const filter = { kinds: ['UNIT_UPDATED'], unitId };
    for (;;) {
      const stillWriting = writing;
      const page: Page['changes'] = (await admin.ok<Page>(CHANGES, { after: cursor, first: 7, filter })).changes;
      expect(page.edges.length).toBeLessThanOrEqual(7);
      read.push(...page.edges.map((edge) => edge.node));
      cursor = page.pageInfo.endCursor;
      if (!stillWriting && !page.pageInfo.hasNextPage) break;
      if (!page.pageInfo.hasNextPage) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await done;
    const ours = read.filter((change) => change.payload.test === 'concurrency');
    expect(ours).toHaveLength(WRITERS * EACH);
    expect(new Set(ours.map((change) => `${change.payload.writer}:${change.payload.i}`)).size).toBe(WRITERS * EACH);
    // Each writer's own changes in the order it made them.
    for (let writer = 0; writer < WRITERS; writer += 1) {
      expect(ours.filter((change) => change.payload.writer === writer).map((change) => change.payload.i)).toEqual(Array.from({ length: EACH }, (_, i) => i));
    }
    // Read again from the start, at rest: the same changes in the same order, so none slipped in behind a cursor.
    const again = (await readAll(admin, from, filter, 500)).changes;
    expect(again.map((change) => change.id)).toEqual(read.map((change) => change.id));
  });

  it('needs no state in the API: a new process reads on from a cursor, also an old one', async () => {
    const from = await newest();
    const key = await publish(1);
    const first = await start(key, 'Donghe Town');
    const middle = await newest();
    const second = await start(key, 'Donghe Town');
    const other = await openOrm(inject('databaseUrl'));
    try {
      const page = await readChanges(other.em.fork(), { after: middle, first: 100, filter: { typeKey: key }, visible: EVERYTHING });
      expect(page.changes.map((change) => `${change.kind}:${change.projectId === second.id}`)).toEqual(['PROJECT_STARTED:true']);
      const old = await readChanges(other.em.fork(), { after: from, first: 100, filter: { typeKey: key }, visible: EVERYTHING });
      expect(old.changes.map((change) => change.projectId)).toEqual([null, first.id, second.id]);
      expect(old.endCursor).toBe(old.changes.at(-1)!.cursor);
      const empty = await readChanges(other.em.fork(), { after: old.endCursor, first: 100, filter: { typeKey: key }, visible: EVERYTHING });
      expect(empty).toEqual({ changes: [], hasNextPage: false, endCursor: old.endCursor });
    } finally {
      await other.close();
    }
  });

  it('refuses a malformed cursor and a page size out of range, naming the argument', async () => {
    for (const [variables, path] of [
      [{ after: 'not-a-cursor' }, 'after'],
      [{ after: Buffer.from('chg:-1').toString('base64url') }, 'after'],
      [{ first: 0 }, 'first'],
      [{ first: 501 }, 'first'],
      [{ filter: { unitId: 'x' } }, 'filter.unitId'],
    ] as const) {
      const error = await admin.fails(CHANGES, variables);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
      expect(error.extensions?.fieldErrors?.map((e) => e.path)).toEqual([path]);
    }
  });

  it('answers a cursor older than the retention with CURSOR_EXPIRED and where to go on from', async () => {
    const before = await newest();
    const key = await publish(1);
    await start(key, 'Donghe Town');
    const cut = new Date();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const purged = await purgeChanges(orm.em.fork(), cut);
    expect(purged).toBeGreaterThan(0);
    const later = await start(key, 'Donghe Town');
    const error = await admin.fails(CHANGES, { after: before });
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.reason).toBe('CURSOR_EXPIRED');
    expect(error.message).toContain('restartAfter');
    const restart = error.extensions?.restartAfter as string;
    const { changes } = await readAll(admin, restart, { typeKey: key });
    expect(changes.map((change) => `${change.kind}:${change.projectId === later.id}`)).toEqual(['PROJECT_STARTED:true']);
    // Without a cursor the feed starts at the oldest change kept.
    const oldest = (await admin.ok<Page>(CHANGES, { after: null, first: 1 })).changes.edges[0].cursor;
    expect(seqOf(oldest)).toBeGreaterThan(seqOf(restart));
  });
});
