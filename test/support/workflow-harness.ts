import { PROJECT_NOT_RECORDED, type ProjectEvent, type ProjectRoles, type ProjectTypeDefinition, type ProjectWorkflowInput } from '@phaseflow/workflows';
import { ApplicationFailure } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { testServerExecutable } from '../../server/src/runtime/tools';
import { workflowsPath } from '../../server/src/temporal/worker';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('WARN') });
  return bundle;
}

export function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed in this process
  }
}

export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: testServerExecutable() } });
}

/**
 * Records what the workflow asks to persist, in order, and answers the organisation's current roles
 * of a project (`roles`, set by a test; the start roles of `workflowInput` otherwise); stands in for
 * PostgreSQL in workflow-only tests.
 */
export class EventRecorder {
  readonly events: ProjectEvent[] = [];
  readonly roles = new Map<string, ProjectRoles>();
  /** Projects whose row "never committed": projectRecorded answers false, persisting fails PROJECT_NOT_RECORDED. */
  readonly unrecorded = new Set<string>();
  /** Per project, how many more persistProjectEvents calls fail (a database that refuses writes). */
  readonly failWrites = new Map<string, number>();
  /** The persistence alerts the workflow raised. */
  readonly alerts: { projectId: string; attempts: number; rounds: number; message: string }[] = [];
  /** Projects whose roles the workflow asked the currentProjectRoles activity for, once per call. */
  readonly rolesAsked: string[] = [];
  /** The roles each persistProjectEvents call handed over with its events (null: none). */
  readonly persistedRoles: (ProjectRoles | null)[] = [];
  readonly activities = {
    persistProjectEvents: async (events: ProjectEvent[], roles?: ProjectRoles) => {
      this.persistedRoles.push(roles ?? null);
      const projectId = events[0]?.projectId;
      if (projectId && this.unrecorded.has(projectId)) {
        throw ApplicationFailure.create({ type: PROJECT_NOT_RECORDED, message: `project ${projectId} is not in the read model`, nonRetryable: true });
      }
      const failing = projectId ? (this.failWrites.get(projectId) ?? 0) : 0;
      if (failing > 0) {
        this.failWrites.set(projectId!, failing - 1);
        throw new Error('the database refuses writes');
      }
      for (const event of events) if (!this.events.some((e) => e.projectId === event.projectId && e.seq === event.seq)) this.events.push(event);
    },
    currentProjectRoles: async (projectId: string): Promise<ProjectRoles> => {
      this.rolesAsked.push(projectId);
      return this.roles.get(projectId) ?? startRoles();
    },
    projectRecorded: async (projectId: string): Promise<boolean> => !this.unrecorded.has(projectId),
    reportPersistenceFailing: async (alert: { projectId: string; attempts: number; rounds: number; message: string }): Promise<void> => {
      this.alerts.push(alert);
    },
  };
  actions(projectId: string): string[] {
    return this.events.filter((e) => e.projectId === projectId).map((e) => `${e.action}:${e.stageKey ?? ''}`);
  }
}

export async function createWorker(env: TestWorkflowEnvironment, recorder: EventRecorder, taskQueue: string): Promise<Worker> {
  return Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: recorder.activities,
  });
}

export const LEAD = 'user-lead';
export const APPROVER = 'user-approver';
export const MEMBER = 'user-member';
export const ADMIN = 'user-admin';

/** A small two-stage type: a 30-day first stage approved by the unit's approvers, a 10-day second by the lead. */
export const twoStageType: ProjectTypeDefinition = {
  key: 'two-stage',
  version: 1,
  name: { zh: '两步', en: 'Two stages' },
  stages: [
    {
      key: 'plan',
      name: { zh: '谋划', en: 'Plan' },
      deadlineDays: 30,
      gate: { mode: 'ANY_OF', approvers: { kind: 'ROLE', role: 'approver' } },
      form: { fields: [{ key: 'goal', type: 'text', label: { zh: '目标', en: 'Goal' }, required: true }] },
    },
    {
      key: 'do',
      name: { zh: '落实', en: 'Do' },
      deadlineDays: 10,
      gate: { mode: 'ANY_OF', approvers: { kind: 'LEAD' } },
      form: { fields: [{ key: 'done', type: 'boolean', label: { zh: '完成', en: 'Done' }, required: true }] },
    },
  ],
};

export function workflowInput(startedAt: Date, definition: ProjectTypeDefinition = twoStageType): ProjectWorkflowInput {
  return {
    projectId: randomUUID(),
    definition,
    startedAt: startedAt.toISOString(),
    startedBy: MEMBER,
    roles: startRoles(),
  };
}

/** The roles `workflowInput` starts a project with. */
export function startRoles(): ProjectRoles {
  return {
    leadId: LEAD,
    departmentId: 'unit-department',
    unitId: 'unit-town',
    teamMemberIds: [MEMBER],
    unitRoleHolders: { admin: [ADMIN], operator: [], approver: [APPROVER], viewer: [] },
    adminIds: [ADMIN],
  };
}
