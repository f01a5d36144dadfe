// `npm start`: Custos standalone (loaded by main.ts once tracing is set up).
import 'reflect-metadata';

import { ConfigError } from '@custos/config';
import { createLogger } from '@custos/platform';

import { loadStandaloneConfig } from './config.js';
import { startStandalone } from './standalone.js';

let config;
try {
  config = loadStandaloneConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
const logger = createLogger('custos', config.CUSTOS_LOG_LEVEL);
let running;
try {
  running = await startStandalone(config, logger);
} catch (err) {
  // Settings that only make sense together are checked while starting.
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
process.stdout.write(
  `Custos is running at ${running.url}/xapi/ (Ctrl-C to stop); the web pages are at ${running.url}/\n`,
);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down');
  // Finish in-flight requests, close the bus and the pools, then stop PostgreSQL last.
  running.close().then(
    () => process.exit(0),
    (err: unknown) => {
      logger.error({ err: (err as Error).message }, 'shutdown failed');
      process.exit(1);
    },
  );
};
process.once('SIGTERM', () => stop('SIGTERM'));
process.once('SIGINT', () => stop('SIGINT'));
