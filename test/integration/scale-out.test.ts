import { freshDatabase } from '../support/database';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/src/config';
import { migrate, openOrm } from '../../server/src/db/orm';
import { createLog } from '../../server/src/log';
import { startPhaseflow } from '../../server/src/phaseflow';
import { pickPort } from '../../server/src/runtime/ports';


describe('safe operations at scale-out', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('three replicas migrating a fresh database at once apply every migration exactly once, without an error', async () => {
    const database = await freshDatabase(inject('databaseUrl'), 'phaseflow_scale');
    cleanups.push(database.drop);
    const orms: MikroORM[] = [];
    for (let i = 0; i < 3; i += 1) {
      const orm = await openOrm(database.url);
      cleanups.push(() => orm.close());
      orms.push(orm);
    }
    const total = (await orms[0].getMigrator().getPendingMigrations()).length;
    expect(total).toBeGreaterThan(0);

    const results = await Promise.allSettled(orms.map((orm) => migrate(orm)));

    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    const ran = results.map((result) => (result as PromiseFulfilledResult<number>).value).sort((a, b) => b - a);
    expect(ran).toEqual([total, 0, 0]);
    const rows = await orms[1].em.getConnection().execute<{ name: string; n: string }[]>(
      'select name, count(*)::text as n from mikro_orm_migrations group by name',
    );
    expect(rows).toHaveLength(total);
    expect(rows.every((row) => row.n === '1')).toBe(true);
    for (const orm of orms) expect((await orm.getMigrator().getPendingMigrations()).length).toBe(0);
  });

  it('a worker-only process (RUN_API=false) serves /healthz and /readyz on HEALTH_PORT, ready while it polls, not once it stops', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'phaseflow-worker-'));
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const healthPort = await pickPort(54300);
    const worker = await startPhaseflow(
      loadConfig({
        DATA_DIR: dataDir,
        HOST: '127.0.0.1',
        JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
        DATABASE_URL: inject('databaseUrl'),
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_TASK_QUEUE: 'phaseflow-health-test',
        RUN_API: 'false',
        SEED: 'false',
        HEALTH_PORT: String(healthPort),
      }),
      createLog('warn'),
    );
    cleanups.push(() => worker.stop());
    expect([worker.apiUrl, worker.healthUrl]).toEqual([null, `http://127.0.0.1:${healthPort}`]);
    const get = async (path: string) => {
      const response = await fetch(`${worker.healthUrl}${path}`, { signal: AbortSignal.timeout(1000) });
      return [response.status, await response.json()];
    };
    expect(await get('/healthz')).toEqual([200, { status: 'ok' }]);
    expect(await get('/readyz')).toEqual([200, { status: 'ready' }]);

    await worker.worker!.stop();
    expect(await get('/healthz')).toEqual([200, { status: 'ok' }]);
    expect(await get('/readyz')).toEqual([503, { status: 'unavailable', reason: 'the Temporal worker is not running (STOPPED)' }]);
  });
});
