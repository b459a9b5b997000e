/**
 * The worker of the scale bench's baselines, in a process of its own so that its memory is its own:
 * the bare workflow on its own task queue (BARE_TASK_QUEUE) of the same Temporal (TEMPORAL_ADDRESS),
 * writing to DATABASE_URL. Prints "bare worker ready" once it polls.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import * as activities from './bare.activities';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await Worker.create({
    connection,
    namespace: 'default',
    taskQueue: process.env.BARE_TASK_QUEUE!,
    workflowsPath: require.resolve('./bare.workflow'),
    activities: { writeRow: activities.writeRow },
  });
  process.once('SIGTERM', () => worker.shutdown());
  const running = worker.run();
  console.log('bare worker ready');
  await running;
  await connection.close();
  await activities.closePool();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
