// Retention of statements: rules, legal holds, dry runs, runs and their schedule (docs/privacy-operations.md).
import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/index.js';
import { STORAGE_OPTIONS, type StorageModuleOptions } from '../core/index.js';
import { DEFAULT_PURGE_BATCH, RETENTION_OPTIONS, type RetentionOptions } from './retention-options.js';
import { RetentionHandler } from './retention.handler.js';
import { RetentionRepository } from './retention.repository.js';
import { RetentionSchedule } from './retention-schedule.js';
import { RetentionService } from './retention.service.js';

@Module({
  imports: [AuditModule],
  providers: [
    {
      provide: RETENTION_OPTIONS,
      useFactory: (options: StorageModuleOptions): RetentionOptions => ({
        batchSize: options.retentionPurge?.batchSize ?? DEFAULT_PURGE_BATCH,
        ...(options.retentionPurge?.everySeconds !== undefined && {
          purgeEverySeconds: options.retentionPurge.everySeconds,
        }),
      }),
      inject: [STORAGE_OPTIONS],
    },
    RetentionRepository,
    RetentionService,
    RetentionHandler,
    RetentionSchedule,
  ],
  exports: [RetentionService, RetentionSchedule],
})
export class RetentionModule {}
