/**
 * A login flood must not slow other requests by more than 2×: the p50 and p99 of a cheap
 * authenticated query, alone and while 20 clients keep sending wrong passwords (each from its own
 * address and for an unknown email, so that no lockout cuts the flood short and every attempt runs
 * scrypt). Printed, not asserted: this is a measurement, not a timed test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/src/config';
import { createLog } from '../../server/src/log';
import { startPhaseflow } from '../../server/src/phaseflow';
import { pickPort } from '../../server/src/runtime/ports';

const FLOODERS = 20;
/** Alone and flooded alternate, so that a neighbour's load on a shared machine falls on both alike. */
const ROUNDS = 5;
const SAMPLES_PER_ROUND = 80;

async function graphql(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: Record<string, { token?: string }> | null; errors?: unknown[] };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function sample(url: string, token: string, times: number[]): Promise<void> {
  for (let i = 0; i < SAMPLES_PER_ROUND; i += 1) {
    const started = performance.now();
    const result = await graphql(url, '{ me { id } }', {}, { authorization: `Bearer ${token}` });
    times.push(performance.now() - started);
    if (result.errors) throw new Error(`the cheap query failed: ${JSON.stringify(result.errors)}`);
  }
}

function summary(times: number[]): { p50: number; p99: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

export async function loginFloodBenchmark(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'phaseflow-bench-'));
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
    LOG_LEVEL: 'warn',
    RUN_WORKER: 'false',
    TRUST_PROXY: 'loopback',
    PORT: String(await pickPort(54500)),
    EMBEDDED_PG_PORT: String(await pickPort(55533)),
    EMBEDDED_TEMPORAL_PORT: String(await pickPort(57333)),
    EMBEDDED_TEMPORAL_UI_PORT: String(await pickPort(58333)),
  });
  const phaseflow = await startPhaseflow(config, createLog('warn'), { ephemeral: true });
  try {
    const url = phaseflow.graphqlUrl!;
    const login = 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }';
    const signedIn = await graphql(url, login, { email: 'viewer@phaseflow.local', password: 'phaseflow' });
    const token = signedIn.data?.login?.token;
    if (!token) throw new Error(`could not sign in: ${JSON.stringify(signedIn.errors)}`);
    await sample(url, token, []); // warm-up

    const aloneTimes: number[] = [];
    const duringTimes: number[] = [];
    let attempts = 0;
    let floodSeconds = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      await sample(url, token, aloneTimes);
      let flooding = true;
      const flood = Array.from({ length: FLOODERS }, async (_, flooder) => {
        for (let i = 0; flooding; i += 1) {
          const from = `10.${round}.${flooder}.${i % 250}`;
          await graphql(url, login, { email: `nobody-${randomUUID()}@example.org`, password: 'wrong password' }, { 'x-forwarded-for': from });
          attempts += 1;
        }
      });
      const floodStarted = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 300));
      await sample(url, token, duringTimes);
      flooding = false;
      await Promise.all(flood);
      floodSeconds += (performance.now() - floodStarted) / 1000;
    }
    const alone = summary(aloneTimes);
    const during = summary(duringTimes);

    console.log(`\nLogin flood: ${FLOODERS} concurrent wrong logins (${(attempts / floodSeconds).toFixed(1)} per second), ${ROUNDS * SAMPLES_PER_ROUND} samples of { me { id } } each`);
    console.table([
      { '': 'alone', 'p50 (ms)': Number(alone.p50.toFixed(2)), 'p99 (ms)': Number(alone.p99.toFixed(2)) },
      { '': 'during the flood', 'p50 (ms)': Number(during.p50.toFixed(2)), 'p99 (ms)': Number(during.p99.toFixed(2)) },
      { '': 'ratio (goal ≤ 2)', 'p50 (ms)': Number((during.p50 / alone.p50).toFixed(2)), 'p99 (ms)': Number((during.p99 / alone.p99).toFixed(2)) },
    ]);
    console.log(`PASSWORD_HASH_CONCURRENCY=${config.passwordHashConcurrency}, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`);
  } finally {
    await phaseflow.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('login-flood.ts')) {
  loginFloodBenchmark().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
