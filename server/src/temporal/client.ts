import { Client, Connection } from '@temporalio/client';
import { createRetryGate } from './retry-gate';

export interface TemporalClientHandle {
  client: Client;
  connection: Connection;
  /** Waits out the retries asleep on the connection (at most about 6 s), then closes it. */
  close(): Promise<void>;
}

export async function connectTemporal(address: string, namespace: string): Promise<TemporalClientHandle> {
  const gate = createRetryGate();
  const connection = await Connection.connect({ address, interceptors: [gate.interceptor] });
  const client = new Client({ connection, namespace });
  return {
    client,
    connection,
    close: async () => {
      await gate.drain();
      await connection.close();
    },
  };
}

export function workflowIdOf(projectId: string): string {
  return `project-${projectId}`;
}
