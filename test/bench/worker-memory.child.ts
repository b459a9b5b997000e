/**
 * The worker of the worker-memory bench (worker-memory.ts), in a process of its own: PROBE_KIND
 * "project" serves the project workflow with the production worker's bundle options and activities
 * that answer from memory; "bare" serves a workflow that only waits. Answers "read" with its heap
 * (after a full collection) and how many workflows it holds in its cache.
 */
import type { ProjectWorkflowInput } from '@phaseflow/workflows';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { fivePhaseType } from '../../server/src/db/seed/five-phase.type';
import { workflowCode } from '../../server/src/temporal/worker';

const roles = {
  leadId: 'user-lead',
  departmentId: 'unit-department',
  unitId: 'unit-town',
  teamMemberIds: ['user-member'],
  unitRoleHolders: { admin: ['user-admin'], operator: [], approver: ['user-approver'], viewer: [] },
  adminIds: ['user-admin'],
};

const type = { id: '00000000-0000-4000-8000-000000000005', key: fivePhaseType.key, version: fivePhaseType.version, contentHash: 'five-phase-probe' };

/** A five-phase project started now, its type by reference. */
export function probeInput(): ProjectWorkflowInput {
  return { projectId: crypto.randomUUID(), type, roles, startedAt: new Date().toISOString(), startedBy: 'user-member' };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const project = process.env.PROBE_KIND === 'project';
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: process.env.PROBE_TASK_QUEUE!,
    maxCachedWorkflows: Number(process.env.PROBE_CACHE),
    ...(project ? workflowCode(process.env.WORKFLOW_BUNDLE ?? null) : { workflowsPath: require.resolve('./scale-bare/bare.workflow') }),
    activities: {
      persistProjectEvents: async () => undefined,
      projectRecorded: async () => true,
      openProject: async () => ({ definition: fivePhaseType, recorded: true }),
      currentProjectRoles: async () => roles,
      reportPersistenceFailing: async () => undefined,
      writeRow: async () => undefined,
    },
  });
  process.once('SIGTERM', () => worker.shutdown());
  process.on('message', () => {
    (globalThis as { gc?: () => void }).gc?.();
    process.send!({ reading: { heapMb: process.memoryUsage().heapUsed / 1048576, started: worker.getStatus().numCachedWorkflows } });
  });
  const running = worker.run();
  process.send!({ ready: true });
  await running;
  await connection.close();
  process.disconnect();
}

if (process.env.PROBE_KIND) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
