import type { EntityManager } from '@mikro-orm/postgresql';
import type { ProjectEvent, ProjectRoles } from '@phaseflow/workflows';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { ProjectSchema } from '../db/entities';
import { lockProjectStart, recordProjectEvents } from '../db/read-model';
import { workflowIdOf } from '../temporal/client';

/**
 * A start in three steps, none holding a database transaction across the call to Temporal:
 *
 * 1. `writeStartIntent` records what the project will be (its row, team and first events) and the
 *    code it reserved, and commits;
 * 2. the API starts the workflow;
 * 3. `completeStart` writes the project row from the intent and drops the intent, in one transaction.
 *
 * The workflow's first step runs `completeStart` too (it answers whether the row exists or now does),
 * so a start whose API died after step 2 still completes, and a workflow whose intent is gone (the
 * start failed and was abandoned) ends itself. An intent whose workflow never started (the API died
 * between 1 and 2) is dropped by `sweepStaleStarts`, or taken up by a retry of the same requestId.
 * Each step takes the project's start lock (`lockProjectStart`), so they run one at a time.
 */
export interface StartIntent {
  row: {
    title: string;
    typeId: string;
    typeKey: string;
    typeVersion: number;
    unitId: string;
    leadId: string;
    departmentId: string;
    roles: ProjectRoles;
    currentStageKey: string | null;
    createdBy: string;
    createdAt: string;
  };
  teamIds: string[];
  events: ProjectEvent[];
}

/** The prefix of a type's generated codes in a year: `FIVEPH-2026-`. */
export const codePrefixOf = (typeKey: string, at: Date): string => `${typeKey.toUpperCase().replace(/[^A-Z0-9]+/g, '').slice(0, 6) || 'PRJ'}-${at.getUTCFullYear()}-`;

/**
 * The next code of the type and year, from a counter row (a short row lock in the caller's
 * transaction, no scan): the first code of a prefix starts after the highest one already given.
 */
export async function reserveCode(tx: EntityManager, typeKey: string, at: Date): Promise<string> {
  const prefix = codePrefixOf(typeKey, at);
  const connection = tx.getConnection();
  const ctx = tx.getTransactionContext();
  let [counter] = await connection.execute<{ last: number }[]>('update project_code_counter set last = last + 1 where prefix = ? returning last', [prefix], 'all', ctx);
  if (!counter) {
    // Once per prefix: carry on after the codes given before the counter existed.
    const suffix = `substring(code from ${prefix.length + 1})`;
    const [given] = await connection.execute<{ n: number }[]>(
      `select coalesce(max(${suffix}::int), 0)::int as n from (select code from project where code like ? union all select code from project_start where code like ?) c
        where ${suffix} ~ '^[0-9]{1,9}$'`,
      [`${prefix}%`, `${prefix}%`],
      'all',
      ctx,
    );
    [counter] = await connection.execute<{ last: number }[]>(
      'insert into project_code_counter (prefix, last) values (?, ?) on conflict (prefix) do update set last = project_code_counter.last + 1 returning last',
      [prefix, given.n + 1],
      'all',
      ctx,
    );
  }
  return `${prefix}${String(counter.last).padStart(4, '0')}`;
}

/** The intent a start recorded and has not completed, if any. */
export async function startIntentOf(em: EntityManager, projectId: string): Promise<StartIntent | null> {
  const [found] = await em.getConnection().execute<{ intent: StartIntent }[]>('select intent from project_start where project_id = ?', [projectId], 'all', em.getTransactionContext());
  return found?.intent ?? null;
}

/**
 * Step 1: records the intent (once: a retry of the same start finds it, or the row made from it) and
 * answers its code. A `fresh` project id (new, random, known to no one else) has nothing to find:
 * a generated code and the intent then go in one statement, once the type's counter row exists.
 */
export async function writeStartIntent(
  em: EntityManager,
  projectId: string,
  chosenCode: string | null,
  intent: StartIntent,
  at: Date,
  options: { fresh?: boolean } = {},
): Promise<string> {
  if (options.fresh && chosenCode === null) {
    const prefix = codePrefixOf(intent.row.typeKey, at);
    const [written] = await em.getConnection().execute<{ code: string }[]>(
      `with counter as (update project_code_counter set last = last + 1 where prefix = ? returning last)
       insert into project_start (project_id, code, intent) select ?, ? || lpad(last::text, 4, '0'), ?::jsonb from counter returning code`,
      [prefix, projectId, prefix, JSON.stringify(intent)],
      'all',
    );
    if (written) return written.code;
  }
  return em.transactional(async (tx) => {
    await lockProjectStart(tx, projectId);
    const connection = tx.getConnection();
    const ctx = tx.getTransactionContext();
    // A retry finds the intent it left, or the row its workflow already wrote from it.
    const [existing] = await connection.execute<{ code: string }[]>(
      'select code from project_start where project_id = ? union all select code from project where id = ?',
      [projectId, projectId],
      'all',
      ctx,
    );
    if (existing) return existing.code;
    const code = chosenCode ?? (await reserveCode(tx, intent.row.typeKey, at));
    await connection.execute('insert into project_start (project_id, code, intent) values (?, ?, ?::jsonb)', [projectId, code, JSON.stringify(intent)], 'run', ctx);
    return code;
  });
}

/**
 * Step 3 (the API's, or the workflow's first step): writes the project row from its intent. Answers
 * whether the row exists now; false means it never will (no row, no intent). `beforeCommit` runs
 * inside the transaction, for fault injection.
 */
export async function completeStart(em: EntityManager, projectId: string, beforeCommit?: () => Promise<void> | void): Promise<boolean> {
  return em.transactional(async (tx) => {
    await lockProjectStart(tx, projectId);
    const connection = tx.getConnection();
    const ctx = tx.getTransactionContext();
    // The intent and the row never both exist (the row replaces the intent in one transaction): the intent is read first, as a start usually finds it.
    const [found] = await connection.execute<{ code: string; intent: StartIntent }[]>('select code, intent from project_start where project_id = ?', [projectId], 'all', ctx);
    if (!found) return (await tx.count(ProjectSchema, { id: projectId })) > 0;
    const { row, teamIds, events } = found.intent;
    // Plain inserts: the row is written once and never read back here, so the unit of work would only add its cost.
    await connection.execute(
      `insert into project (id, code, title, type_id, type_key, type_version, unit_id, lead_id, department_id, status, current_stage_key, workflow_id,
         roles, last_seq, flag, designation_status, designation_valid_until, designation_renewals, created_by, created_at, updated_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?::jsonb, 0, null, null, null, 0, ?, ?, ?)`,
      [
        projectId,
        found.code,
        row.title,
        row.typeId,
        row.typeKey,
        row.typeVersion,
        row.unitId,
        row.leadId,
        row.departmentId,
        row.currentStageKey,
        workflowIdOf(projectId),
        JSON.stringify(row.roles),
        row.createdBy,
        row.createdAt,
        row.createdAt,
      ],
      'run',
      ctx,
    );
    if (teamIds.length > 0) {
      await connection.execute(
        `insert into project_member (project_id, user_id) select ?, unnest(?::uuid[])`,
        [projectId, `{${teamIds.join(',')}}`],
        'run',
        ctx,
      );
    }
    await recordProjectEvents(tx, events);
    await connection.execute('delete from project_start where project_id = ?', [projectId], 'run', ctx);
    await beforeCommit?.();
    return true;
  });
}

/** Gives up a start whose workflow did not start (or must not run): drops its intent. Answers whether the project exists anyway (its workflow completed it first). */
export async function abandonStart(em: EntityManager, projectId: string): Promise<boolean> {
  return em.transactional(async (tx) => {
    await lockProjectStart(tx, projectId);
    if ((await tx.count(ProjectSchema, { id: projectId })) > 0) return true;
    await tx.getConnection().execute('delete from project_start where project_id = ?', [projectId], 'run', tx.getTransactionContext());
    return false;
  });
}

/**
 * Settles intents older than `olderThanMs`: one whose workflow runs is completed (its first step
 * would have done it), any other is dropped (its workflow never started, or ended without a row).
 */
export async function sweepStaleStarts(em: EntityManager, client: Client, olderThanMs: number): Promise<{ completed: number; dropped: number }> {
  const stale = await em
    .getConnection()
    .execute<{ project_id: string }[]>(`select project_id from project_start where created_at < now() - (? * interval '1 millisecond') order by created_at limit 100`, [olderThanMs], 'all');
  const outcome = { completed: 0, dropped: 0 };
  for (const { project_id: projectId } of stale) {
    let running = false;
    try {
      running = (await client.workflow.getHandle(workflowIdOf(projectId)).describe()).status.name === 'RUNNING';
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
    }
    if (running && (await completeStart(em.fork(), projectId))) outcome.completed += 1;
    else if (!running && !(await abandonStart(em.fork(), projectId))) outcome.dropped += 1;
  }
  return outcome;
}
