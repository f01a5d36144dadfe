// The room every storage feature stands on: the database, its units of work and outbox, and readiness.
import { outboxProvider, TransactionalOutbox, UnitsOfWork } from '@custos/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { STORAGE_DB, storageDatabaseModule } from '../db/data-source.js';
import { StorageHealth } from './health.handler.js';
import { STORAGE_OPTIONS, STORAGE_UNITS, type StorageModuleOptions } from './storage-options.js';

/**
 * Global within one application so the feature modules need not pass it around; it exports only tokens of
 * storage's own (symbols), so in standalone, beside consent's, neither part can be handed the other's.
 */
@Module({})
export class StorageCoreModule {
  static forRoot(options: StorageModuleOptions): DynamicModule {
    return {
      module: StorageCoreModule,
      global: true,
      // TypeOrmModule's connection `storage` (STORAGE_DB), opened at start and closed once the bus has drained.
      imports: [storageDatabaseModule(options.databaseUrl, options.poolSize, options.databaseTls)],
      providers: [
        { provide: STORAGE_OPTIONS, useValue: options },
        outboxProvider(STORAGE_DB, 'storage.outbox', options.outboxRelay ?? true),
        {
          provide: STORAGE_UNITS,
          useFactory: (db: DataSource, outbox: TransactionalOutbox) => new UnitsOfWork(db, outbox),
          inject: [STORAGE_DB, TransactionalOutbox],
        },
        StorageHealth,
      ],
      exports: [STORAGE_OPTIONS, STORAGE_UNITS, StorageHealth],
    };
  }
}
