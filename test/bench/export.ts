/**
 * The ledger export at scale (issue 9, point 8): 10,000 projects with submitted data, bulk-loaded by
 * SQL (ledger-data.ts) into an embedded PostgreSQL, exported as XLSX (and CSV) through HTTP from an
 * API running as a process of its own, so that its memory is its own: its RSS is read from
 * /proc/<pid>/status every 50 ms during the export, and its V8 heap is reported over IPC by a preloaded
 * probe (memory-probe.mjs). Goals: ≤ 30 s, RSS growth < 300 MB. The SQL
 * statements per page of 500 projects are counted from PostgreSQL's committed transactions (each
 * statement outside a transaction is one). Printed, not asserted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { findRepoRoot } from '../../server/src/config';
import { migrate, openOrm } from '../../server/src/db/orm';
import { createLog } from '../../server/src/log';
import { startEmbeddedPostgres } from '../../server/src/runtime/embedded-postgres';
import { pickPort } from '../../server/src/runtime/ports';
import { startTemporalDevServer } from '../../server/src/runtime/temporal-dev-server';
import { BENCH_ADMIN, BENCH_PASSWORD, loadLedgerData } from './ledger-data';

const PROJECTS = 10_000;
const PAGE = 500;

/** The API's latest heap figures, sent by memory-probe.mjs over IPC (RSS is read from /proc, as an outsider would). */
let heap = { used: 0, total: 0, external: 0 };
const heapPeak = { used: 0 };

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function waitReady(url: string, api: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`the API exited with ${api.exitCode}`);
    const ok = await fetch(`${url}/readyz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the API did not become ready');
}

/** Downloads an export, counting bytes (and keeping them when asked) while sampling the API's RSS. */
async function download(url: string, token: string, pid: number, keep: boolean) {
  const samples: number[] = [];
  heapPeak.used = heap.used;
  const sampler = setInterval(() => {
    samples.push(rssMb(pid));
    heapPeak.used = Math.max(heapPeak.used, heap.used);
  }, 50);
  const started = performance.now();
  try {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`export answered ${response.status}: ${await response.text()}`);
    const firstByte = performance.now();
    const chunks: Uint8Array[] = [];
    let bytes = 0;
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      if (keep) chunks.push(chunk);
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      seconds,
      headersAfter: (firstByte - started) / 1000,
      bytes,
      total: response.headers.get('x-total-count'),
      peak: Math.max(...samples, rssMb(pid)),
      heapPeak: Math.max(heapPeak.used, heap.used),
      body: keep ? Buffer.concat(chunks) : null,
    };
  } finally {
    clearInterval(sampler);
  }
}

export async function exportBenchmark(): Promise<void> {
  const root = findRepoRoot();
  const log = createLog('warn');
  const dataDir = await mkdtemp(join(tmpdir(), 'phaseflow-export-bench-'));
  const pg = await startEmbeddedPostgres({ dataDir: join(root, '.data'), port: await pickPort(55633), log, ephemeral: true });
  const temporal = await startTemporalDevServer({ dataDir, port: await pickPort(57233), uiPort: await pickPort(58233), namespace: 'default', log, ephemeral: true });
  let api: ChildProcess | null = null;
  try {
    const orm = await openOrm(pg.url);
    const loadStarted = performance.now();
    await migrate(orm);
    await loadLedgerData(orm, PROJECTS);
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const counts = await orm.em.getConnection().execute<{ projects: string; submissions: string }[]>(
      'select (select count(*) from project) as projects, (select count(*) from submission) as submissions',
    );
    const xacts = async () => Number((await orm.em.getConnection().execute<{ n: string }[]>('select xact_commit as n from pg_stat_database where datname = current_database()'))[0].n);

    const port = await pickPort(54900);
    api = spawn(process.execPath, ['--import', join(root, 'test', 'bench', 'memory-probe.mjs'), '--import', 'tsx', join(root, 'server', 'src', 'main.ts')], {
      cwd: root,
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: join(root, 'server', 'tsconfig.json'),
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        DATABASE_URL: pg.url,
        TEMPORAL_ADDRESS: temporal.address,
        RUN_WORKER: 'false',
        SEED: 'false',
        LOG_LEVEL: 'warn',
        JWT_SECRET: 'export-bench-secret-'.padEnd(40, 'x'),
      },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    api.on('message', (message: { memory?: NodeJS.MemoryUsage }) => {
      if (message.memory) heap = { used: message.memory.heapUsed / 1048576, total: message.memory.heapTotal / 1048576, external: message.memory.external / 1048576 };
    });
    const base = `http://127.0.0.1:${port}`;
    await waitReady(base, api);
    const login = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(email: "${BENCH_ADMIN}", password: "${BENCH_PASSWORD}") { token } }` }),
    });
    const token = ((await login.json()) as { data: { login: { token: string } } }).data.login.token;
    // Warm-up: the code paths loaded and compiled, so that the baseline is the API at rest.
    await download(`${base}/exports/projects.xlsx?search=BENCH-00000`, token, api.pid!, false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const baseline = rssMb(api.pid!);
    const heapBaseline = heap.used;

    const before = await xacts();
    const xlsx = await download(`${base}/exports/projects.xlsx?orderBy=CODE`, token, api.pid!, true);
    const statements = (await xacts()) - before;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const csvBaseline = rssMb(api.pid!);
    const csvHeapBaseline = heap.used;
    const csv = await download(`${base}/exports/projects.csv?orderBy=CODE`, token, api.pid!, false);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body! as unknown as ArrayBuffer);
    const sheets = workbook.worksheets.map((sheet) => `${sheet.name}: ${sheet.rowCount - 1}`);
    // Pages: the projects sheet, then one run over the projects of each data sheet's type.
    const projectsPages = Math.ceil(PROJECTS / PAGE);
    const dataSheetPages = workbook.worksheets.slice(1).length * Math.ceil(PROJECTS / 2 / PAGE);

    console.log(`\nLedger export: ${counts[0].projects} projects, ${counts[0].submissions} submitted forms, loaded by SQL in ${loadSeconds.toFixed(1)} s`);
    console.log(`Sheets (rows): ${sheets.join(', ')}`);
    console.table([
      {
        export: 'XLSX, every sheet',
        'total (s)': Number(xlsx.seconds.toFixed(2)),
        'headers after (s)': Number(xlsx.headersAfter.toFixed(2)),
        'size (MB)': Number((xlsx.bytes / 1e6).toFixed(1)),
        'API RSS before (MB)': Math.round(baseline),
        'API RSS peak (MB)': Math.round(xlsx.peak),
        'growth (MB)': Math.round(xlsx.peak - baseline),
        'heap before (MB)': Math.round(heapBaseline),
        'heap peak (MB)': Math.round(xlsx.heapPeak),
        'X-Total-Count': xlsx.total,
      },
      {
        export: 'CSV, projects',
        'total (s)': Number(csv.seconds.toFixed(2)),
        'headers after (s)': Number(csv.headersAfter.toFixed(2)),
        'size (MB)': Number((csv.bytes / 1e6).toFixed(1)),
        'API RSS before (MB)': Math.round(csvBaseline),
        'API RSS peak (MB)': Math.round(csv.peak),
        'growth (MB)': Math.round(csv.peak - csvBaseline),
        'heap before (MB)': Math.round(csvHeapBaseline),
        'heap peak (MB)': Math.round(csv.heapPeak),
        'X-Total-Count': csv.total,
      },
    ]);
    console.log(
      `SQL statements during the XLSX export: ${statements} (sign-in included) over at most ${projectsPages + dataSheetPages} pages of ${PAGE}: ` +
        `${(statements / (projectsPages + dataSheetPages)).toFixed(1)} per page.`,
    );
    console.log('export: goals (issue 9): XLSX of 10,000 projects in ≤ 30 s, API memory growth < 300 MB.');
    await orm.close();
  } finally {
    if (api && api.exitCode === null) {
      const exited = new Promise((resolve) => api!.once('exit', resolve));
      api.kill('SIGTERM');
      await exited;
    }
    await temporal.stop();
    await pg.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
