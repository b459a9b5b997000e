import { ConfigError, loadConfig } from './config';
import { createLog } from './log';
import { DEMO_PASSWORD } from './db/seed/demo.seed';
import { StartupError, startPhaseflow } from './phaseflow';
import { installSignalHandlers, onShutdown } from './runtime/lifecycle';

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLog(config.logLevel);
  installSignalHandlers(log);
  const phaseflow = await startPhaseflow(config, log);
  onShutdown(() => phaseflow.stop(), 'phaseflow');
  const lines = [
    '',
    'Phaseflow is running.',
    phaseflow.apiUrl ? `  Console:      ${phaseflow.apiUrl}/` : null,
    phaseflow.graphqlUrl ? `  GraphQL:      ${phaseflow.graphqlUrl}` : null,
    phaseflow.healthUrl ? `  Health:       ${phaseflow.healthUrl}/healthz, ${phaseflow.healthUrl}/readyz (worker only)` : null,
    phaseflow.temporalUiUrl ? `  Temporal UI:  ${phaseflow.temporalUiUrl}` : `  Temporal:     ${phaseflow.temporalAddress}`,
    config.databaseUrl ? null : `  PostgreSQL:   embedded, data in ${config.dataDir}`,
    config.seed ? `  Demo login:   admin@phaseflow.local / ${DEMO_PASSWORD}  (demo only; see README for the other demo users)` : null,
    '  Stop with Ctrl-C.',
    '',
  ];
  console.log(lines.filter((line) => line !== null).join('\n'));
}

main().catch((error: Error) => {
  const known = error instanceof ConfigError || error instanceof StartupError || /not found|not installed|missing/i.test(error.message);
  console.error(`phaseflow: ${known ? error.message : (error.stack ?? error.message)}`);
  if ((error as { extensions?: unknown }).extensions) console.error(JSON.stringify((error as { extensions?: unknown }).extensions));
  process.exit(1);
});
