/**
 * GraphQL abuse (issue 8): the p50 and p99 of a normal query (a page of projects, as the console asks
 * it), alone and while two clients keep sending abusive queries (the 1,000 aliases of
 * `projects(first: 100) { auditTrail }`, 21 aliases, nesting past the depth limit, and the heaviest
 * queries just within the limits). Goal: p99 during abuse ≤ 3× alone. Then what the limits cost on
 * normal traffic: the same query against a replica with the limits and one without, at p50, both for
 * a repeated document (Apollo caches it validated) and for a new document each time (parsed and
 * validated each time). Goal ≤ 5%. Printed, not asserted: this is a measurement, not a timed test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { parse, specifiedRules, validate } from 'graphql';
import { Bench } from 'tinybench';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/src/config';
import { limitRules } from '../../server/src/graphql/limits';
import { buildPhaseflowSchema } from '../../server/src/graphql/schema';
import { createLog } from '../../server/src/log';
import { startPhaseflow, type Phaseflow } from '../../server/src/phaseflow';
import { pickPort } from '../../server/src/runtime/ports';

/** Alone and abused alternate, so that a neighbour's load on a shared machine falls on both alike. */
const ROUNDS = 5;
const SAMPLES_PER_ROUND = 60;
const ABUSERS = 2;

const NORMAL = `query ProjectPage {
  projects(first: 20) { totalCount edges { node { id code title status flag unit { name } lead { name } currentStage { key name dueAt } } } }
}`;

const aliases = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
const deep = (depth: number) => `me { roles { unit { ${'parent { '.repeat(depth - 4)}id${' }'.repeat(depth - 4)} } } }`;

/** Each abuser cycles through these: over a limit (refused) and just within every limit (answered). */
const ABUSIVE = [
  aliases(1000, 'projects(first: 100) { edges { node { auditTrail { before after } } } }'), // issue 8: over MAX_TOKENS
  aliases(21, 'projects(first: 100) { edges { node { auditTrail { before after } } } }'), // over MAX_ALIASES
  `{ ${deep(11)} }`, // over MAX_DEPTH
  aliases(2, 'projects(first: 2) { edges { node { auditTrail { before after actor { name } } } } }'), // cost 2,212: just within MAX_COST
  '{ projects(first: 5) { edges { node { auditTrail { before after } } } } }', // cost 2,515: just within
  aliases(20, deep(10)), // 20 aliases at depth 10: just within
];

async function graphql(url: string, query: string, token: string) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) });
  return (await response.json()) as { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { limit?: string } }[] };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(times: number[]): { p50: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

/** Times the normal query `SAMPLES_PER_ROUND` times; `fresh` makes each document new (a comment), so Apollo parses and validates it. */
async function sample(url: string, token: string, times: number[], fresh = false): Promise<void> {
  for (let i = 0; i < SAMPLES_PER_ROUND; i += 1) {
    const query = fresh ? `${NORMAL}\n# ${performance.now()} ${i}` : NORMAL;
    const started = performance.now();
    const result = await graphql(url, query, token);
    times.push(performance.now() - started);
    if (result.errors) throw new Error(`the normal query failed: ${JSON.stringify(result.errors)}`);
  }
}

const ms = (value: number) => Number(value.toFixed(2));

/** The limits' own cost, without the network's noise: validating the normal document with and without them. */
async function validationCost(): Promise<void> {
  const schema = await buildPhaseflowSchema();
  const rules = limitRules(loadConfig({ JWT_SECRET: 'x'.repeat(32), DATA_DIR: tmpdir() }).graphqlLimits);
  const bench = new Bench({ time: 400, warmupTime: 100 });
  bench
    .add('parse + validate, limits off', () => validate(schema, parse(NORMAL), specifiedRules))
    .add('parse + validate, limits on', () => validate(schema, parse(NORMAL, { maxTokens: 2000 }), [...specifiedRules, ...rules]));
  await bench.run();
  const [off, on] = bench.tasks.map((task) => (task.result && 'latency' in task.result ? task.result.latency.p50 ?? task.result.latency.mean : NaN));
  console.table([{ 'normal document': 'parse + validate', 'p50 limits off (µs)': Number((off * 1000).toFixed(1)), 'p50 limits on (µs)': Number((on * 1000).toFixed(1)) }]);
}

export async function graphqlAbuseBenchmark(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'phaseflow-bench-'));
  const log = createLog('warn');
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'warn',
    EMBEDDED_PG_PORT: String(await pickPort(55633)),
    EMBEDDED_TEMPORAL_PORT: String(await pickPort(57433)),
    EMBEDDED_TEMPORAL_UI_PORT: String(await pickPort(58433)),
  };
  // With the worker, so that the demo projects (and their audit trails) are there to be asked for.
  const limited = await startPhaseflow(loadConfig({ ...env, PORT: String(await pickPort(54700)) }), log, { ephemeral: true });
  let unlimited: Phaseflow | null = null;
  try {
    unlimited = await startPhaseflow(
      loadConfig({
        ...env,
        PORT: String(await pickPort(54800)),
        DATABASE_URL: limited.databaseUrl,
        TEMPORAL_ADDRESS: limited.temporalAddress,
        RUN_WORKER: 'false',
        SEED: 'false',
      }),
      log,
      { unlimitedGraphql: true },
    );
    const url = limited.graphqlUrl!;
    const login = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { login(email: "admin@phaseflow.local", password: "phaseflow") { token } }' }),
    });
    const token = ((await login.json()) as { data: { login: { token: string } } }).data.login.token;
    const page = await graphql(url, NORMAL, token);
    const projects = (page.data?.projects as { totalCount: number } | undefined)?.totalCount ?? 0;
    await sample(url, token, []);
    await sample(unlimited.graphqlUrl!, token, []);

    const aloneTimes: number[] = [];
    const abusedTimes: number[] = [];
    const outcomes = new Map<string, number>();
    let abusiveSent = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      await sample(url, token, aloneTimes);
      let abusing = true;
      const abuse = Array.from({ length: ABUSERS }, async (_, abuser) => {
        for (let i = abuser; abusing; i += 1) {
          const result = await graphql(url, ABUSIVE[i % ABUSIVE.length], token);
          const outcome = result.errors?.[0]?.extensions?.limit ?? (result.errors ? 'other error' : 'answered');
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
          abusiveSent += 1;
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      await sample(url, token, abusedTimes);
      abusing = false;
      await Promise.all(abuse);
    }

    const limitsOn = { cached: [] as number[], fresh: [] as number[] };
    const limitsOff = { cached: [] as number[], fresh: [] as number[] };
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const fresh of [false, true]) {
        await sample(url, token, fresh ? limitsOn.fresh : limitsOn.cached, fresh);
        await sample(unlimited.graphqlUrl!, token, fresh ? limitsOff.fresh : limitsOff.cached, fresh);
      }
    }

    const alone = summary(aloneTimes);
    const abused = summary(abusedTimes);
    console.log(`\nGraphQL abuse: ${ABUSERS} clients sending abusive queries (${abusiveSent} sent: ${JSON.stringify(Object.fromEntries(outcomes))}); normal query: a page of 20 of ${projects} projects, ${ROUNDS * SAMPLES_PER_ROUND} samples each`);
    console.table([
      { '': 'alone', 'p50 (ms)': ms(alone.p50), 'p99 (ms)': ms(alone.p99) },
      { '': 'during the abuse', 'p50 (ms)': ms(abused.p50), 'p99 (ms)': ms(abused.p99) },
      { '': 'ratio (goal: p99 ≤ 3)', 'p50 (ms)': ms(abused.p50 / alone.p50), 'p99 (ms)': ms(abused.p99 / alone.p99) },
    ]);
    const rows = (['cached', 'fresh'] as const).map((kind) => {
      const on = summary(limitsOn[kind]).p50;
      const off = summary(limitsOff[kind]).p50;
      return {
        document: kind === 'cached' ? 'repeated (Apollo keeps it validated)' : 'new each time (parsed and validated)',
        'p50 limits on (ms)': ms(on),
        'p50 limits off (ms)': ms(off),
        'on / off (goal ≤ 1.05)': Number((on / off).toFixed(3)),
      };
    });
    console.log('The limits’ cost on normal traffic:');
    console.table(rows);
    await validationCost();
  } finally {
    await unlimited?.stop();
    await limited.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('graphql-abuse.ts')) {
  graphqlAbuseBenchmark().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
