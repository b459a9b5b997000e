import { Client, Connection } from '@temporalio/client';

export interface TemporalClientHandle {
  client: Client;
  connection: Connection;
  close(): Promise<void>;
}

export async function connectTemporal(address: string, namespace: string): Promise<TemporalClientHandle> {
  const connection = await Connection.connect({ address });
  const client = new Client({ connection, namespace });
  return { client, connection, close: () => connection.close() };
}

export function workflowIdOf(projectId: string): string {
  return `project-${projectId}`;
}
