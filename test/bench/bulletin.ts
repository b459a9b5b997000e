/**
 * The monthly bulletin at scale: the sample organisation (13 towns, 55 departments) and the same
 * 100,000 projects with a year of stage history as the progress bench (`loadProjects`). Times
 * `computeBulletin` (one statement over the history as of the end of last month and the two before)
 * at TOWN and DEPARTMENT level against `SELECT count(*) FROM project WHERE type_key = $1`,
 * interleaved in the same run; printed as ratios, not asserted. The bulletin runs once a month, in an
 * activity: it needs to be seconds, not milliseconds.
 */
import { monthOf, shiftMonth } from '@phaseflow/workflows/bulletin';
import { computeBulletin } from '../../server/src/bulletins/bulletin-figures';
import { countyAtScale } from './progress';

const SAMPLES = 7;
const ZONE = 'Asia/Shanghai';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function bulletinBenchmark(): Promise<void> {
  const { orm, typeKey, countyId, stop } = await countyAtScale('bulletin', 55833);
  try {
    const county = { id: countyId };
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
    await stop();
  }
}
