import { projectStateQuery, type ProjectState } from '@phaseflow/workflows';
import { expect } from 'vitest';
import type { FaultStack } from './stack';

export interface Snapshot {
  status: string;
  currentStageKey: string | null;
  seq: number;
  stages: [string, string][];
}

async function workflowSnapshot(stack: FaultStack, projectId: string): Promise<Snapshot> {
  const state: ProjectState = await stack.temporal.workflow.getHandle(`project-${projectId}`).query(projectStateQuery);
  return { status: state.status, currentStageKey: state.currentStageKey, seq: state.seq, stages: state.stages.map((s) => [s.key, s.status]) };
}

async function readModelSnapshot(stack: FaultStack, projectId: string): Promise<Snapshot> {
  const project = (await stack.db.query('select status, current_stage_key, last_seq from project where id = $1', [projectId])).rows[0];
  const stages = (await stack.db.query('select stage_key, status from project_stage where project_id = $1 order by position', [projectId])).rows;
  return {
    status: project.status,
    currentStageKey: project.current_stage_key,
    seq: project.last_seq,
    stages: stages.map((s: { stage_key: string; status: string }) => [s.stage_key, s.status]),
  };
}

/** Rows that would mean a change was recorded twice: a decision or an audit event per request and action more than once. */
export async function doubles(stack: FaultStack, projectId: string): Promise<unknown[]> {
  const decisions = await stack.db.query(
    `select stage_key, decided_by, request_id, count(*)::int as n from decision where project_id = $1 and request_id is not null
      group by 1, 2, 3 having count(*) > 1`,
    [projectId],
  );
  const audit = await stack.db.query(
    `select action, stage_key, request_id, count(*)::int as n from audit_event where project_id = $1 and request_id is not null
      group by 1, 2, 3 having count(*) > 1`,
    [projectId],
  );
  return [...decisions.rows, ...audit.rows];
}

/**
 * Waits (the worker may still be catching up) until the read model equals the workflow's state,
 * then checks that nothing was recorded twice.
 */
export async function expectConsistent(stack: FaultStack, projectId: string, timeoutMs = 60_000): Promise<Snapshot> {
  const deadline = Date.now() + timeoutMs;
  let last: [Snapshot, Snapshot] | null = null;
  while (Date.now() < deadline) {
    const [workflow, readModel] = await Promise.all([workflowSnapshot(stack, projectId), readModelSnapshot(stack, projectId)]).catch(() => [null, null]);
    if (workflow && readModel) {
      last = [workflow, readModel];
      if (JSON.stringify(workflow) === JSON.stringify(readModel)) break;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  expect(last, `project ${projectId} never answered`).not.toBeNull();
  expect(last![1], `read model of ${projectId}`).toEqual(last![0]);
  expect(await doubles(stack, projectId)).toEqual([]);
  return last![0];
}

/**
 * How many events the project's workflow history holds once it has settled: an Update answers once
 * its write has committed, and the persistence activity's completion (and the workflow task after it)
 * are recorded just after, so the count waits until no activity and no workflow task is pending.
 */
export async function historyLength(stack: FaultStack, projectId: string): Promise<number> {
  const handle = stack.temporal.workflow.getHandle(`project-${projectId}`);
  for (let waited = 0; waited < 10_000; waited += 100) {
    const { raw } = await handle.describe();
    if ((raw.pendingActivities?.length ?? 0) === 0 && !raw.pendingWorkflowTask) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const history = await handle.fetchHistory();
  return history.events?.length ?? 0;
}
