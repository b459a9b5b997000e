import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase } from '../support/database';
import type { TestProject } from 'vitest/node';
import { loadConfig } from '../../server/src/config';
import { createLog } from '../../server/src/log';
import { startPhaseflow, type Phaseflow } from '../../server/src/phaseflow';
import { pickPort } from '../../server/src/runtime/ports';

declare module 'vitest' {
  export interface ProvidedContext {
    apiUrl: string;
    graphqlUrl: string;
    /** An API whose projects run on a task queue no worker polls: every Update times out. */
    idleGraphqlUrl: string;
    databaseUrl: string;
    temporalAddress: string;
  }
}


export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = createLog((process.env.TEST_LOG_LEVEL as 'warn') ?? 'warn');
  const dataDir = await mkdtemp(join(tmpdir(), 'phaseflow-test-'));
  const cleanups: (() => Promise<void>)[] = [() => rm(dataDir, { recursive: true, force: true })];
  const instances: Phaseflow[] = [];
  try {
    const database = process.env.DATABASE_URL ? await freshDatabase(process.env.DATABASE_URL) : null;
    if (database) cleanups.push(database.drop);
    const env = {
      ...process.env,
      DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
      LOG_LEVEL: 'warn',
      // The shared stack keeps the 20 demo projects only; test/integration/demo-seed.test.ts seeds the sites.
      SEED_DEMO_SITES: 'false',
      // Tests name the client address with X-Forwarded-For (sign-in throttling per address).
      TRUST_PROXY: 'loopback',
      // Webhook receivers in the tests listen on loopback.
      WEBHOOK_ALLOWED_HOSTS: 'localhost,127.0.0.1,::1',
      // test/integration/webhooks.test.ts runs its own webhook workers (fast retries, killed on purpose).
      WEBHOOK_WORKER: 'false',
      DATABASE_URL: database?.url,
      EMBEDDED_PG_PORT: String(await pickPort(55433)),
      EMBEDDED_TEMPORAL_PORT: String(await pickPort(57233)),
      EMBEDDED_TEMPORAL_UI_PORT: String(await pickPort(58233)),
    };
    const main = await startPhaseflow(loadConfig({ ...env, PORT: String(await pickPort(54000)) }), log, { ephemeral: true });
    instances.push(main);
    const idle = await startPhaseflow(
      loadConfig({
        ...env,
        PORT: String(await pickPort(54100)),
        DATABASE_URL: main.databaseUrl,
        TEMPORAL_ADDRESS: main.temporalAddress,
        TEMPORAL_TASK_QUEUE: 'phaseflow-no-worker',
        RUN_WORKER: 'false',
        SEED: 'false',
        UPDATE_TIMEOUT_MS: '2000',
      }),
      log,
    );
    instances.push(idle);
    project.provide('apiUrl', main.apiUrl!);
    project.provide('graphqlUrl', main.graphqlUrl!);
    project.provide('idleGraphqlUrl', idle.graphqlUrl!);
    project.provide('databaseUrl', main.databaseUrl);
    project.provide('temporalAddress', main.temporalAddress);
  } catch (error) {
    for (const instance of instances.reverse()) await instance.stop();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    throw error;
  }
  return async () => {
    for (const instance of instances.reverse()) await instance.stop();
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  };
}
