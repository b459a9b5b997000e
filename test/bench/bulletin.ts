/**
 * The monthly bulletin at scale: the sample organisation (13 towns, 55 departments) and the same
 * 100,000 projects with a year of stage history as the progress bench (`loadProjects`). Times
 * `computeBulletin` (one statement over the history as of the end of last month and the two before)
 * at TOWN and DEPARTMENT level against `SELECT count(*) FROM project WHERE type_key = $1`,
 * interleaved in the same run; printed as ratios, not asserted. The bulletin runs once a month, in an
 * activity: it needs to be seconds, not milliseconds.
 */
import { monthOf, shiftMonth } from '@phaseflow/workflows/bulletin';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeBulletin } from '../../server/src/bulletins/bulletin-figures';
import { findRepoRoot } from '../../server/src/config';
import { migrate, openOrm } from '../../server/src/db/orm';
import { createLog } from '../../server/src/log';
import { importTable } from '../../server/src/org/import/import.service';
import { readTable } from '../../server/src/org/import/import-table';
import { startEmbeddedPostgres } from '../../server/src/runtime/embedded-postgres';
import { pickPort } from '../../server/src/runtime/ports';
import { loadProjects } from './progress';

const SAMPLES = 7;
const ZONE = 'Asia/Shanghai';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function bulletinBenchmark(): Promise<void> {
  const pg = await startEmbeddedPostgres({ dataDir: join(findRepoRoot(), '.data'), port: await pickPort(55833), log: createLog('warn'), ephemeral: true });
  const orm = await openOrm(pg.url, { timeouts: { statementMs: 600_000, queryMs: 600_000 } });
  try {
    await migrate(orm);
    const table = await readTable(readFileSync(join(findRepoRoot(), 'server', 'data', 'sample-organisation.xlsx')), 'XLSX');
    await importTable(orm.em.fork(), table, { importer: { kind: 'system' }, dryRun: false });
    const typeKey = 'bench-sites';
    const loaded = await loadProjects(pg.url, typeKey);
    console.log(`bulletin: loaded ${loaded.projects} projects with ${loaded.historyRows} history rows in ${loaded.seconds} s`);
    const [county] = await orm.em.fork().getConnection().execute<{ id: string }[]>(`select id from unit where code = 'qingshan'`);
    const month = shiftMonth(monthOf(Date.now(), ZONE), -1);

    const subjects: [string, () => Promise<unknown>][] = [
      ['count(*) of the type (baseline)', () => orm.em.fork().getConnection().execute('select count(*) from project where type_key = ?', [typeKey])],
      ['bulletin, TOWN level', () => computeBulletin(orm.em.fork(), { scopeUnitId: county.id, typeKey, level: 'TOWN', month, timeZone: ZONE })],
      ['bulletin, DEPARTMENT level', () => computeBulletin(orm.em.fork(), { scopeUnitId: county.id, typeKey, level: 'DEPARTMENT', month, timeZone: ZONE })],
    ];
    for (const [, run] of subjects) await run(); // warm-up
    const samples = new Map<string, number[]>(subjects.map(([name]) => [name, []]));
    for (let i = 0; i < SAMPLES; i += 1) {
      for (const [name, subject] of subjects) {
        const started = performance.now();
        await subject();
        samples.get(name)!.push(performance.now() - started);
      }
    }
    const baseline = median(samples.get(subjects[0][0])!);
    const towns = await computeBulletin(orm.em.fork(), { scopeUnitId: county.id, typeKey, level: 'TOWN', month, timeZone: ZONE });
    console.table(
      subjects.map(([name]) => ({
        bulletin: name,
        'p50 (ms)': Number(median(samples.get(name)!).toFixed(1)),
        'ratio to count(*)': Number((median(samples.get(name)!) / baseline).toFixed(1)),
      })),
    );
    console.log(`bulletin: ${month}, ${towns.rows.length} towns ranked, ${towns.rows.filter((row) => row.interview).length} called in`);
  } finally {
    await orm.close();
    await pg.stop();
  }
}
