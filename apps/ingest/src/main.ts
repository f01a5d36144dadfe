// Distributed mode: the ingest part as its own process.
import 'reflect-metadata';

import { MessageBus, MessagingModule } from '@custos/messaging';
import { createLogger, PlatformModule, runPart } from '@custos/platform';

import { loadIngestConfig } from './config.js';
import { IngestModule } from './ingest.module.js';

const config = loadIngestConfig();
const logger = createLogger('ingest', config.CUSTOS_LOG_LEVEL);

await runPart({
  service: 'ingest',
  logger,
  healthPort: config.CUSTOS_HEALTH_PORT,
  imports: [
    PlatformModule.forRoot(logger),
    MessagingModule.forRoot({
      transport: 'nats',
      url: config.NATS_URL,
      namespace: config.CUSTOS_NAMESPACE,
      name: 'custos-ingest',
      logger,
    }),
    IngestModule,
  ],
  readiness: async (app) => ({ messaging: app.get(MessageBus).isReady() }),
});
