// The room every storage feature stands on: the database, its units of work and outbox, and readiness.
import { databaseCloser, outboxProvider, TransactionalOutbox, UnitsOfWork } from '@custos/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import type { DataSource } from 'typeorm';

import { storageDataSource } from '../db/data-source.js';
import { STORAGE_DB } from '../db/transaction.js';
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
      providers: [
        { provide: STORAGE_OPTIONS, useValue: options },
        {
          provide: STORAGE_DB,
          useFactory: () =>
            storageDataSource(options.databaseUrl, options.poolSize, options.databaseTls).initialize(),
        },
        databaseCloser(STORAGE_DB),
        outboxProvider(STORAGE_DB, 'storage.outbox', options.outboxRelay ?? true),
        {
          provide: STORAGE_UNITS,
          useFactory: (db: DataSource, outbox: TransactionalOutbox) => new UnitsOfWork(db, outbox),
          inject: [STORAGE_DB, TransactionalOutbox],
        },
        StorageHealth,
      ],
      exports: [STORAGE_OPTIONS, STORAGE_DB, STORAGE_UNITS, StorageHealth],
    };
  }
}
