// Distributed mode: the storage part as its own process (loaded by main.ts once tracing is set up).
import 'reflect-metadata';

import { runPart } from '@custos/platform';

import { loadStorageConfig } from './config.js';
import { StorageHealth } from './core/index.js';
import { keyStoreSettingsOf } from './sealing/index.js';
import { StorageModule } from './storage.module.js';

const config = loadStorageConfig();
const keyStore = await keyStoreSettingsOf(config);

await runPart({
  service: 'storage',
  config,
  modules: () => [
    StorageModule.forRoot({
      databaseUrl: config.DATABASE_URL,
      databaseTls: config,
      poolSize: config.CUSTOS_STORAGE__POOL_SIZE,
      audit: {
        pseudonymKey: config.CUSTOS_AUDIT_PSEUDONYM_KEY,
        signingKeyPem: config.CUSTOS_AUDIT_SIGNING_KEY,
      },
      auditMaintenance: {
        checkpointEverySeconds: config.CUSTOS_AUDIT_CHECKPOINT_EVERY,
        retentionDays: config.CUSTOS_AUDIT_RETENTION_DAYS,
      },
      retentionPurge: {
        everySeconds: config.CUSTOS_RETENTION_PURGE_EVERY,
        batchSize: config.CUSTOS_RETENTION_PURGE_BATCH,
      },
      writePurposes: {
        holdKey: config.CUSTOS_HOLD_KEY,
        maintainEverySeconds: config.CUSTOS_HOLD_MAINTAIN_EVERY,
      },
      ...(keyStore && { keyStore }),
    }),
  ],
  readiness: (app) => app.get(StorageHealth).check(),
});
