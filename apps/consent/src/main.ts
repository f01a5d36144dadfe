// Distributed mode: the consent part as its own process.
import 'reflect-metadata';

import { MessagingModule } from '@custos/messaging';
import { createLogger, PlatformModule, runPart } from '@custos/platform';

import { loadConsentConfig } from './config.js';
import { ConsentModule } from './consent.module.js';
import { ConsentHealth } from './handlers/health.handler.js';

const config = loadConsentConfig();
const logger = createLogger('consent', config.CUSTOS_LOG_LEVEL);

await runPart({
  service: 'consent',
  logger,
  healthPort: config.CUSTOS_HEALTH_PORT,
  imports: [
    PlatformModule.forRoot(logger),
    MessagingModule.forRoot({
      transport: 'nats',
      url: config.NATS_URL,
      namespace: config.CUSTOS_NAMESPACE,
      name: 'custos-consent',
      logger,
    }),
    ConsentModule.forRoot({
      databaseUrl: config.DATABASE_URL,
      poolSize: config.CUSTOS_CONSENT__POOL_SIZE,
      publicUrl: config.CUSTOS_PUBLIC_URL,
      bootstrapKey: config.CUSTOS_BOOTSTRAP_KEY,
      bootstrapSecret: config.CUSTOS_BOOTSTRAP_SECRET,
      bootstrapOnStart: true,
    }),
  ],
  readiness: (app) => app.get(ConsentHealth).check(),
});
