import { type DynamicModule, Module } from '@nestjs/common';

import { ActivitiesModule } from './activities/index.js';
import { AnalyticsModule } from './analytics/index.js';
import { AuditModule } from './audit/index.js';
import { StorageCoreModule, type StorageModuleOptions } from './core/index.js';
import { DocumentsModule } from './documents/index.js';
import { ErasureModule } from './erasure/index.js';
import { ImportsModule } from './imports/index.js';
import { LearnerRecordsModule } from './learner-records/index.js';
import { RetentionModule } from './retention/index.js';
import { StatementsModule } from './statements/index.js';
import { WritePurposesModule } from './write-purposes/index.js';

export type { StorageModuleOptions } from './core/index.js';

/** The storage part: sole owner of the `storage` schema, one module per room (docs/architecture.md). */
@Module({})
export class StorageModule {
  static forRoot(options: StorageModuleOptions): DynamicModule {
    return {
      module: StorageModule,
      imports: [
        StorageCoreModule.forRoot(options),
        AuditModule,
        StatementsModule,
        ActivitiesModule,
        DocumentsModule,
        LearnerRecordsModule,
        RetentionModule,
        ErasureModule,
        WritePurposesModule,
        AnalyticsModule,
        ImportsModule,
      ],
    };
  }
}
