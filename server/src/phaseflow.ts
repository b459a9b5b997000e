import 'reflect-metadata';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from '@temporalio/client';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { createApp } from './app';
import { createTokenService } from './auth/token';
import { findRepoRoot, type Config } from './config';
import { ADVISORY_LOCKS, migrate, openOrm, pendingMigrations, withAdvisoryLock } from './db/orm';
import { ensureDemoTypes, seedOrganisation, seedProjects } from './db/seed/demo.seed';
import { startFeedRetention } from './feed/retention';
import { sweepStaleStarts } from './projects/project-start';
import { seedDemoSites } from './db/seed/demo-sites.seed';
import { buildPhaseflowSchema } from './graphql/schema';
import type { Services } from './services';
import { createAuthenticator } from './auth/authenticate';
import { createPasswordChecker } from './auth/password';
import { createKeyRateLimiter, createLoginThrottle } from './auth/rate-limits';
import { startEmbeddedPostgres } from './runtime/embedded-postgres';
import type { Log } from './runtime/lifecycle';
import { startHealthServer } from './runtime/health-server';
import { isPortFree } from './runtime/ports';
import { startTemporalDevServer } from './runtime/temporal-dev-server';
import { connectTemporal, type TemporalClientHandle } from './temporal/client';
import { startWorker, type WorkerHandle } from './temporal/worker';
import { bulletinSettingsOf } from './bulletins/bulletin.service';
import { applyBulletinSchedule } from './bulletins/schedule';
import { createWebhookActivities } from './webhooks/webhook.activities';
import { ensureWebhookWorkflows } from './webhooks/webhook-control';
import { createWriteWatcher } from './projects/written';

/** A start's intent older than this has had every chance to complete (UPDATE_TIMEOUT_MS is seconds). */
const STALE_START_MS = 10 * 60 * 1000;

export class StartupError extends Error {
  override name = 'StartupError';
}

export interface Phaseflow {
  config: Config;
  apiUrl: string | null;
  /** A worker-only process's /healthz and /readyz (the API serves its own). */
  healthUrl: string | null;
  graphqlUrl: string | null;
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl: string | null;
  orm: MikroORM;
  services: Services;
  worker: WorkerHandle | null;
  /** The worker on the webhook delivery queue (WEBHOOK_TASK_QUEUE), when this process runs one. */
  webhookWorker: WorkerHandle | null;
  /** Stops everything this process started, last started first. */
  stop(): Promise<void>;
}

async function connectWithRetry(address: string, namespace: string, log: Log, timeoutMs = 60_000): Promise<TemporalClientHandle> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt += 1) {
    let handle: TemporalClientHandle | null = null;
    try {
      handle = await connectTemporal(address, namespace);
      await handle.connection.workflowService.describeNamespace({ namespace });
      return handle;
    } catch (error) {
      await handle?.close().catch(() => undefined);
      if (Date.now() > deadline) {
        throw new StartupError(`Temporal at ${address} (namespace ${namespace}) is not reachable: ${(error as Error).message}. Check TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE.`);
      }
      if (attempt === 1) log.warn(`waiting for Temporal at ${address}...`);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Starts every component the configuration asks for; embedded servers when no address is given. */
export async function startPhaseflow(config: Config, log: Log, options: {
    ephemeral?: boolean;
    consoleDir?: string;
    /** No GraphQL query limits: only for measuring what they cost (npm run bench -- graphql-abuse). */
    unlimitedGraphql?: boolean;
  } = {}): Promise<Phaseflow> {
  const stops: { name: string; stop: () => Promise<void> }[] = [];
  const stopAll = async () => {
    while (stops.length > 0) {
      const { name, stop } = stops.pop()!;
      log.debug(`stopping ${name}`);
      await stop().catch((error: Error) => log.warn(`while stopping ${name}: ${error.message}`));
    }
  };
  try {
    if (config.runApi && !(await isPortFree(config.port, config.host === '0.0.0.0' ? undefined : config.host))) {
      throw new StartupError(`port ${config.port} is already in use: stop what is using it, or start with PORT=<another port>`);
    }

    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log, ephemeral: options.ephemeral });
      stops.push({ name: 'the embedded PostgreSQL', stop: () => pg.stop() });
      databaseUrl = pg.url;
    }

    let temporalAddress = config.temporalAddress;
    let temporalUiUrl: string | null = null;
    if (!temporalAddress) {
      const temporal = await startTemporalDevServer({
        dataDir: config.dataDir,
        port: config.embeddedTemporalPort,
        uiPort: config.embeddedTemporalUiPort,
        namespace: config.temporalNamespace,
        log,
        ephemeral: options.ephemeral,
      });
      stops.push({ name: 'the Temporal dev server', stop: () => temporal.stop() });
      temporalAddress = temporal.address;
      temporalUiUrl = temporal.uiUrl;
    }

    const orm = await openOrm(databaseUrl, { timeouts: config.dbTimeouts });
    stops.push({ name: 'the database pool', stop: () => orm.close() });
    const ran = await migrate(orm);
    if (ran > 0) log.info(`applied ${ran} database migration(s)`);
    if (config.seed) {
      const { organisation, types } = await withAdvisoryLock(orm, ADVISORY_LOCKS.seed, async () => ({
        organisation: await seedOrganisation(orm.em.fork()),
        types: await ensureDemoTypes(orm.em.fork()),
      }));
      if (organisation) log.info('seeded the demo organisation');
      if (types > 0) log.info(`seeded ${types} demo project type(s)`);
    }

    const temporal = await connectWithRetry(temporalAddress, config.temporalNamespace, log);
    stops.push({ name: 'the Temporal client', stop: () => temporal.close() });
    let client: Client | null = temporal.client;

    let worker: WorkerHandle | null = null;
    if (config.runWorker) {
      const { bundlePath, ...tuning } = config.worker;
      worker = await startWorker({ orm, address: temporalAddress, namespace: config.temporalNamespace, taskQueue: config.taskQueue, bundlePath, tuning, log });
      const running = worker;
      stops.push({ name: 'the Temporal worker', stop: () => running.stop() });
      worker.done.catch((error: Error) => log.error(`the Temporal worker stopped: ${error.message}`));
    }
    let webhookWorker: WorkerHandle | null = null;
    if (config.runWorker && config.webhooks.runWorker) {
      webhookWorker = await startWorker({
        orm,
        address: temporalAddress,
        namespace: config.temporalNamespace,
        taskQueue: config.webhooks.taskQueue,
        activities: createWebhookActivities(orm, config.webhooks, log),
        bundlePath: config.worker.bundlePath,
        log,
      });
      const running = webhookWorker;
      stops.push({ name: 'the webhook worker', stop: () => running.stop() });
      webhookWorker.done.catch((error: Error) => log.error(`the webhook worker stopped: ${error.message}`));
    }

    const webhookProblem = () => {
      const problem = webhookWorker?.notPolling() ?? null;
      return problem ? `webhook queue ${config.webhooks.taskQueue}: ${problem}` : null;
    };

    const writes = createWriteWatcher(databaseUrl, log);
    stops.push({ name: 'the listener of read-model writes', stop: () => writes.close() });
    // Listening from the start; should it fail now, the first waiters read the rows and it tries again.
    writes.ready().catch((error: Error) => log.warn(`could not listen for read-model writes yet: ${error.message}`));
    const services: Services = {
      orm,
      writes,
      auth: createAuthenticator(orm, createTokenService(config.jwtSecret, config.tokenTtl)),
      temporal: () => client,
      taskQueue: config.taskQueue,
      updateTimeoutMs: config.updateTimeoutMs,
      workCalendar: config.workCalendar,
      passwords: createPasswordChecker({ concurrency: config.passwordHashConcurrency }),
      limits: { keys: createKeyRateLimiter(orm), logins: createLoginThrottle(orm, config.loginThrottle) },
      apiKeyDefaults: config.apiKeyDefaults,
      bulletin: config.bulletin,
      webhooks: {
        taskQueue: config.webhooks.taskQueue,
        allow: config.webhooks.allow,
        timeoutMs: config.webhooks.timeoutMs,
        maxResponseBytes: config.webhooks.maxResponseBytes,
      },
    };

    if (config.runWorker) {
      // The process that serves the task queue keeps the schedule that starts work on it; replicas take turns.
      try {
        await withAdvisoryLock(orm, ADVISORY_LOCKS.bulletinSchedule, async () =>
          applyBulletinSchedule(temporal.client, await bulletinSettingsOf(orm.em.fork(), config.bulletin), config.taskQueue),
        );
      } catch (error) {
        log.error(`could not create or update the bulletin schedule: ${(error as Error).message}`);
      }
    }
    if (webhookWorker) {
      // A subscription whose start was lost (a crash between commit and start) gets its workflow here.
      try {
        const started = await withAdvisoryLock(orm, ADVISORY_LOCKS.webhookWorkflows, () =>
          ensureWebhookWorkflows(orm.em.fork(), temporal.client, config.webhooks.taskQueue, config.updateTimeoutMs),
        );
        if (started > 0) log.debug(`made sure ${started} webhook subscription(s) have their delivery workflow`);
      } catch (error) {
        log.error(`could not start the webhook delivery workflows: ${(error as Error).message}`);
      }
    }

    if (config.runWorker) {
      // The change feed keeps FEED_RETENTION_DAYS: purged now and every hour; replicas take turns.
      const retention = startFeedRetention(orm, config.feedRetentionDays, log);
      stops.push({ name: 'the change feed retention', stop: async () => retention.stop() });
      // Starts whose API died before starting the workflow leave an intent: settled every few minutes.
      const sweeping = setInterval(() => {
        sweepStaleStarts(orm.em.fork(), temporal.client, STALE_START_MS)
          .then(({ completed, dropped }) => {
            if (completed + dropped > 0) log.info(`settled stale project starts: ${completed} completed, ${dropped} dropped`);
          })
          .catch((error: Error) => log.warn(`could not settle stale project starts: ${error.message}`));
      }, STALE_START_MS / 2);
      sweeping.unref();
      stops.push({ name: 'the stale start sweep', stop: async () => clearInterval(sweeping) });
    }

    if (config.seed && config.runWorker) {
      // The two seeds touch different types: they run side by side, and both finish before any answer.
      const [seeded, sites] = await withAdvisoryLock(orm, ADVISORY_LOCKS.seed, async () => {
        const outcomes = await Promise.allSettled([
          seedProjects(services),
          config.seedDemoSites ? seedDemoSites(services) : Promise.resolve({ started: 0, resumed: 0 }),
        ]);
        const failed = outcomes.find((outcome) => outcome.status === 'rejected');
        if (failed) {
          const reason = failed.reason instanceof Error ? failed.reason.message : String(failed.reason);
          throw new StartupError(`the demo seed stopped half way (${reason}); start again to resume it where it stopped, or start with SEED=false`);
        }
        return outcomes.map((outcome) => (outcome as PromiseFulfilledResult<{ started: number; resumed: number }>).value);
      });
      if (sites.resumed > 0) log.info(`resumed the demonstration sites: ${sites.resumed} were already there, started ${sites.started} more`);
      else if (sites.started > 0) log.info(`seeded ${sites.started} demonstration sites`);
      if (seeded.resumed > 0) {
        log.info(`resumed the demo seed: ${seeded.resumed} demo projects were already there, started ${seeded.started} more`);
      } else if (seeded.started > 0) log.info(`seeded ${seeded.started} demo projects`);
    }

    let apiUrl: string | null = null;
    if (config.runApi) {
      const schema = await buildPhaseflowSchema();
      const readiness = {
        check: async () => {
          try {
            await orm.em.getConnection().execute('select 1');
          } catch (error) {
            return `PostgreSQL is not reachable: ${(error as Error).message}`;
          }
          if ((await pendingMigrations(orm)) > 0) return 'database migrations are pending';
          try {
            await temporal.client.withDeadline(Date.now() + 2000, () =>
              temporal.connection.workflowService.getSystemInfo({}),
            );
          } catch (error) {
            return `Temporal is not reachable: ${(error as Error).message}`;
          }
          if (worker) return worker.notPolling() ?? webhookProblem();
          return null;
        },
      };
      const consoleDir = options.consoleDir ?? join(findRepoRoot(), 'admin-ui', 'dist');
      const { app, apollo } = await createApp({
        schema,
        services,
        readiness,
        consoleDir,
        trustProxy: config.trustProxy,
        limits: options.unlimitedGraphql ? null : config.graphqlLimits,
        exposure: { production: config.production, adminIntrospection: config.adminIntrospection },
      });
      stops.push({ name: 'the GraphQL server', stop: () => apollo.stop() });
      const server = await new Promise<Server>((resolve, reject) => {
        const listening = app.listen(config.port, config.host, (error?: Error) => (error ? reject(error) : resolve(listening)));
        listening.once('error', reject);
      }).catch((error: NodeJS.ErrnoException) => {
        throw new StartupError(
          error.code === 'EADDRINUSE'
            ? `port ${config.port} is already in use: stop what is using it, or start with PORT=<another port>`
            : `cannot listen on ${config.host}:${config.port}: ${error.message}`,
        );
      });
      stops.push({
        name: 'the HTTP server',
        stop: () =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      });
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : config.port;
      apiUrl = `http://localhost:${port}`;
    }

    let healthUrl: string | null = null;
    if (!config.runApi && worker) {
      // A worker-only process: /healthz and /readyz report whether it polls and reaches PostgreSQL.
      const polling = worker;
      const health = await startHealthServer({
        port: config.healthPort,
        host: config.host,
        check: async () => {
          const problem = polling.notPolling() ?? webhookProblem();
          if (problem) return problem;
          try {
            await orm.em.getConnection().execute('select 1');
          } catch (error) {
            return `PostgreSQL is not reachable: ${(error as Error).message}`;
          }
          return null;
        },
      }).catch((error: NodeJS.ErrnoException) => {
        throw new StartupError(
          error.code === 'EADDRINUSE'
            ? `port ${config.healthPort} (for /healthz and /readyz) is already in use: start with HEALTH_PORT=<another port>`
            : `cannot listen on ${config.host}:${config.healthPort}: ${error.message}`,
        );
      });
      stops.push({ name: 'the health server', stop: () => health.stop() });
      healthUrl = health.url;
    }

    return {
      config,
      apiUrl,
      healthUrl,
      graphqlUrl: apiUrl ? `${apiUrl}/graphql` : null,
      databaseUrl,
      temporalAddress,
      temporalUiUrl,
      orm,
      services,
      worker,
      webhookWorker,
      stop: async () => {
        client = null;
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
