import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../server/src/config';
import { migrate, openOrm } from '../../server/src/db/orm';
import { createLog } from '../../server/src/log';
import { importTable } from '../../server/src/org/import/import.service';
import { readTable } from '../../server/src/org/import/import-table';
import { startEmbeddedPostgres } from '../../server/src/runtime/embedded-postgres';
import { loadProjects } from './progress';
async function main() {
  const pg = await startEmbeddedPostgres({ dataDir: '/tmp/pf-bench', port: 55999, log: createLog('warn'), ephemeral: false });
  console.log('URL', pg.url);
  const orm = await openOrm(pg.url, { timeouts: { statementMs: 600_000, queryMs: 600_000 } });
  await migrate(orm);
  const table = await readTable(readFileSync(join(findRepoRoot(), 'server', 'data', 'sample-organisation.xlsx')), 'XLSX');
  await importTable(orm.em.fork(), table, { importer: { kind: 'system' }, dryRun: false });
  console.log(await loadProjects(pg.url, 'bench-sites'));
  await orm.close();
  console.log('READY');
  await new Promise(() => undefined);
}
main().catch((e) => { console.error(String(e).slice(0, 2000)); process.exit(1); });
