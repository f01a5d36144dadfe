// Distributed mode: the storage part as its own process.
import 'reflect-metadata';

import { MessagingModule } from '@custos/messaging';
import { createLogger, PlatformModule, runPart } from '@custos/platform';

import { loadStorageConfig } from './config.js';
import { StorageHealth } from './handlers/health.handler.js';
import { StorageModule } from './storage.module.js';

const config = loadStorageConfig();
const logger = createLogger('storage', config.CUSTOS_LOG_LEVEL);

await runPart({
  service: 'storage',
  logger,
  healthPort: config.CUSTOS_HEALTH_PORT,
  imports: [
    PlatformModule.forRoot(logger),
    MessagingModule.forRoot({
      transport: 'nats',
      url: config.NATS_URL,
      namespace: config.CUSTOS_NAMESPACE,
      name: 'custos-storage',
      logger,
    }),
    StorageModule.forRoot({ databaseUrl: config.DATABASE_URL, poolSize: config.CUSTOS_STORAGE__POOL_SIZE }),
  ],
  readiness: (app) => app.get(StorageHealth).check(),
});
