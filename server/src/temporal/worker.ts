import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { MikroORM } from '@mikro-orm/postgresql';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type WorkerOptions, type WorkerStatus } from '@temporalio/worker';
import type { Log } from '../runtime/lifecycle';
import { createActivities } from './activities';

/** The worker settings a deployment sizes (config.ts, WORKER_*). */
export type WorkerTuning = Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions'>;

export interface WorkerHandle {
  worker: Worker;
  /** Resolves when the worker has stopped; rejects when it crashed. */
  done: Promise<void>;
  isRunning(): boolean;
  /** Null while the worker runs and polls its task queue for workflow and activity tasks; otherwise why not. */
  notPolling(): string | null;
  stop(): Promise<void>;
}

/** Why a worker with this status does not take tasks, or null when it runs and polls both kinds. */
export function pollingProblem(status: Pick<WorkerStatus, 'runState' | 'workflowPollerState' | 'activityPollerState'>): string | null {
  if (status.runState !== 'RUNNING') return `the Temporal worker is not running (${status.runState})`;
  if (status.workflowPollerState !== 'POLLING') return `the Temporal worker's workflow poller is ${status.workflowPollerState}`;
  if (status.activityPollerState !== 'POLLING') return `the Temporal worker's activity poller is ${status.activityPollerState}`;
  return null;
}

/** The workflows entry the worker bundles: sandboxed code only. */
export const workflowsPath = require.resolve('@phaseflow/workflows/workflows');

const sandbox = (path: string) => join(dirname(workflowsPath), `${path}.ts`);

/**
 * Modules evaluated once per V8 context and shared by every workflow it runs; every other module is
 * evaluated again for each cached workflow (reuseV8Context), which was most of a cached project's
 * memory. Only pure modules without per-workflow state belong here (the SDK freezes them), and the
 * definition cache, whose point is to be shared.
 */
export const preloadModules: string[] = [
  '@phaseflow/forms/runtime',
  'jsep',
  sandbox('activities'),
  sandbox('bulletin/month'),
  sandbox('webhook/delivery-plan'),
  sandbox('definition/calendar'),
  sandbox('definition/condition-values'),
  sandbox('definition/gate-engine'),
  sandbox('definition/gate-rules'),
  sandbox('definition/shared-definitions'),
  sandbox('definition/text'),
  sandbox('project/project-machine'),
  sandbox('project/types'),
];

/** Where `npm run build` writes the prebuilt workflow bundle (build-workflow-bundle.ts). */
export const defaultBundlePath = join(dirname(workflowsPath), '..', 'dist', 'workflow-bundle.js');

/**
 * How the worker gets its workflow code: the prebuilt bundle at `bundlePath` when given (it must
 * exist), otherwise bundled from source at start with the same options.
 */
export function workflowCode(bundlePath: string | null): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  if (!bundlePath) return { workflowsPath, bundlerOptions: { preloadModules } };
  if (!existsSync(bundlePath)) {
    throw new Error(`the prebuilt workflow bundle ${bundlePath} does not exist: run \`npm run build\`, or unset WORKFLOW_BUNDLE outside production to bundle at start`);
  }
  return { workflowBundle: { codePath: bundlePath } };
}

let runtimeInstalled = false;

/** The SDK logs at INFO by default (bundle sizes, state changes); keep it to warnings unless asked. */
export function installTemporalRuntime(level: LogLevel = 'WARN'): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger(level) });
  } catch {
    // Already installed by someone else in this process (a test harness): keep theirs.
  }
}

export async function startWorker(options: {
  orm: MikroORM;
  address: string;
  namespace: string;
  taskQueue: string;
  bundle?: WorkerOptions['workflowBundle'];
  /** The prebuilt bundle to load (production), or null to bundle at start; `bundle` wins over it. */
  bundlePath?: string | null;
  /** Cache and concurrency (WORKER_* in config); the SDK's defaults where absent. */
  tuning?: WorkerTuning;
  /** Wraps the activities (a test slows one down). */
  wrapActivities?: (activities: ReturnType<typeof createActivities>) => ReturnType<typeof createActivities>;
  /** Other activities in place of the project and bulletin ones (the webhook worker's). */
  activities?: object;
  log?: Log;
}): Promise<WorkerHandle> {
  installTemporalRuntime((process.env.TEMPORAL_LOG_LEVEL as LogLevel | undefined) ?? 'WARN');
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities ?? (options.wrapActivities ?? ((activities) => activities))(createActivities(options.orm, options.log)),
    ...(options.bundle ? { workflowBundle: options.bundle } : workflowCode(options.bundlePath ?? null)),
    ...options.tuning,
  });
  const done = worker.run().finally(() => connection.close());
  return {
    worker,
    done,
    isRunning: () => worker.getState() === 'RUNNING',
    notPolling: () => pollingProblem(worker.getStatus()),
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done.catch(() => undefined);
    },
  };
}
