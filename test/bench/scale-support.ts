/**
 * Pieces of the scale bench (scale.ts): a PostgreSQL wire-protocol proxy that counts the statements
 * its clients send, child processes with their RSS, a small GraphQL client and the statistics.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

/** A statement is one simple Query ('Q') or one Execute ('E') of the extended protocol. */
export interface StatementCounter {
  url(upstream: string): string;
  count(): number;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;

/**
 * Forwards PostgreSQL connections unchanged and counts, from the frontend's messages, each simple
 * Query and each Execute: the round trips a client makes, whatever its driver or ORM.
 */
export async function startStatementCounter(target: { host: string; port: number }): Promise<StatementCounter> {
  let statements = 0;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
    }
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    // The first messages (startup, SSL request) carry no type byte; every later one does.
    let startup = true;
    let header = Buffer.alloc(0);
    let skip = 0;
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      let at = 0;
      while (at < chunk.length) {
        if (skip > 0) {
          const n = Math.min(skip, chunk.length - at);
          skip -= n;
          at += n;
          continue;
        }
        const headerSize = startup ? 8 : 5;
        const need = headerSize - header.length;
        const take = Math.min(need, chunk.length - at);
        header = Buffer.concat([header, chunk.subarray(at, at + take)]);
        at += take;
        if (header.length < headerSize) break;
        if (startup) {
          const length = header.readInt32BE(0);
          const code = header.readInt32BE(4);
          if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) startup = false;
          skip = length - 8;
        } else {
          const type = String.fromCharCode(header[0]);
          if (type === 'Q' || type === 'E') statements += 1;
          skip = header.readInt32BE(1) - 4;
        }
        header = Buffer.alloc(0);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url(upstream) {
      const url = new URL(upstream);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    count: () => statements,
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A child process that says a line once it is ready; its RSS read from /proc, as an outsider would. */
export class BenchProcess {
  private child: ChildProcess | null = null;
  private output = '';

  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
    private readonly cwd: string,
  ) {}

  get pid(): number {
    return this.child!.pid!;
  }

  get log(): string {
    return this.output;
  }

  async start(readyLine: string, timeoutMs = 180_000): Promise<void> {
    const child = spawn(process.execPath, this.args, { cwd: this.cwd, env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString()).slice(-20_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(readyLine)) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`${this.name} was not ready within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  rssMb(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  }
}

export interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** One signed-in caller of a GraphQL endpoint. */
export class GraphQLCaller {
  constructor(
    readonly url: string,
    private readonly token: string | null = null,
    private readonly headers: Record<string, string> = {},
  ) {}

  static async signIn(url: string, email: string, password = 'phaseflow'): Promise<GraphQLCaller> {
    const answer = await new GraphQLCaller(url).ok<{ login: { token: string } }>(
      'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
      { email, password },
    );
    return new GraphQLCaller(url, answer.login.token);
  }

  on(url: string): GraphQLCaller {
    return new GraphQLCaller(url, this.token, this.headers);
  }

  async call<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLAnswer<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}), ...this.headers },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphQLAnswer<T>;
  }

  async ok<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const answer = await this.call<T>(query, variables);
    if (answer.errors?.length || !answer.data) throw new Error(`GraphQL failed: ${JSON.stringify(answer.errors)}\n${query.slice(0, 300)}`);
    return answer.data;
  }
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

export async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

/** Runs `tasks` with at most `concurrency` at a time; resolves with the seconds it took. */
export async function pooled(tasks: (() => Promise<unknown>)[], concurrency: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) {
        const task = tasks[next];
        next += 1;
        await task();
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * CPU time (ms, user + system) of each direct child of this process, its descendants included
 * (PostgreSQL's backends under its postmaster), named by its command line: from /proc, as `top` sees it.
 */
export function cpuOfChildren(): Map<number, { command: string; ms: number }> {
  const TICK_MS = 10;
  const stats = new Map<number, { ppid: number; ms: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command (field 2) may hold spaces and parentheses: the fields after its last ')' are fixed.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS });
    } catch {
      // The process ended while the table was read.
    }
  }
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of stats) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const subtree = (pid: number): number => (stats.get(pid)?.ms ?? 0) + (children.get(pid) ?? []).reduce((sum, child) => sum + subtree(child), 0);
  const result = new Map<number, { command: string; ms: number }>();
  for (const pid of children.get(process.pid) ?? []) {
    try {
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      result.set(pid, { command, ms: subtree(pid) });
    } catch {
      // Ended meanwhile.
    }
  }
  return result;
}
