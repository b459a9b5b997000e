import { PROJECT_NOT_RECORDED, type OpenedProject, type ProjectState, type ProjectEvent, type ProjectRoles, type ProjectTypeDefinition, type ProjectTypeRef, type ProjectWorkflowInput } from '@phaseflow/workflows';
import { ApplicationFailure, type QueryDefinition } from '@temporalio/common';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createHash, randomUUID } from 'node:crypto';
import { testServerExecutable } from '../../server/src/runtime/tools';
import { preloadModules, workflowsPath } from '../../server/src/temporal/worker';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  // The production worker's options: its preloaded, shared modules are under test too.
  bundle ??= bundleWorkflowCode({ workflowsPath, preloadModules, logger: new DefaultLogger('WARN') });
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
  /** Every openProject request, in order. */
  readonly opened: { projectId: string; type: ProjectTypeRef; checkRecorded: boolean }[] = [];
  /** How long openProject takes to answer (a slow database on the workflow's first step). */
  openDelayMs = 0;
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
    openProject: async (request: { projectId: string; type: ProjectTypeRef; checkRecorded: boolean }): Promise<OpenedProject> => {
      this.opened.push(request);
      if (this.openDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.openDelayMs));
      const definition = definitionsByHash.get(request.type.contentHash);
      if (!definition) throw ApplicationFailure.create({ type: 'PROJECT_TYPE_MISMATCH', message: `no definition ${request.type.contentHash}`, nonRetryable: true });
      return { definition, recorded: !request.checkRecorded || !this.unrecorded.has(request.projectId) };
    },
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

/** Definitions by the content hash `typeRef` gave them: what the recorder's openProject answers from. */
const definitionsByHash = new Map<string, ProjectTypeDefinition>();

/** A reference to `definition` as a published version, by the sha256 of its JSON. */
export function typeRef(definition: ProjectTypeDefinition): ProjectTypeRef {
  const contentHash = createHash('sha256').update(JSON.stringify(definition)).digest('hex');
  definitionsByHash.set(contentHash, definition);
  const id = `${contentHash.slice(0, 8)}-${contentHash.slice(8, 12)}-4${contentHash.slice(13, 16)}-8${contentHash.slice(17, 20)}-${contentHash.slice(20, 32)}`;
  return { id, key: definition.key, version: definition.version, contentHash };
}

/** A project's input as the API builds it: the type version by reference. */
export function workflowInput(startedAt: Date, definition: ProjectTypeDefinition = twoStageType): ProjectWorkflowInput {
  return {
    projectId: randomUUID(),
    type: typeRef(definition),
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

/** The project's state once its workflow has its definition (its first step); the query refuses before. */
export async function openedState(handle: WorkflowHandle, query: QueryDefinition<ProjectState>): Promise<ProjectState> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await handle.query(query);
    } catch (error) {
      const said = `${(error as Error).message} ${(error as { details?: string }).details ?? ''} ${String((error as Error).cause ?? '')}`;
      if (attempt >= 100 || !said.includes('still loading its type definition')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
