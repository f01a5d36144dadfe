// Distributed mode: the query part as its own process.
import 'reflect-metadata';

import { MessageBus, MessagingModule } from '@custos/messaging';
import { createLogger, PlatformModule, runPart } from '@custos/platform';

import { loadQueryConfig } from './config.js';
import { QueryModule } from './query.module.js';

const config = loadQueryConfig();
const logger = createLogger('query', config.CUSTOS_LOG_LEVEL);

await runPart({
  service: 'query',
  logger,
  healthPort: config.CUSTOS_HEALTH_PORT,
  imports: [
    PlatformModule.forRoot(logger),
    MessagingModule.forRoot({
      transport: 'nats',
      url: config.NATS_URL,
      namespace: config.CUSTOS_NAMESPACE,
      name: 'custos-query',
      logger,
    }),
    QueryModule,
  ],
  readiness: async (app) => ({ messaging: app.get(MessageBus).isReady() }),
});
