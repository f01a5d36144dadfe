// The record of every change consent makes: each change's transaction, its audit record and events in consent.outbox.
import { LOGGER, TransactionalOutbox, UnitsOfWork, unitsOfWorkProvider } from '@custos/platform';
import { MessageBus } from '@custos/messaging';
import { Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

import { CONSENT_OPTIONS, type ConsentModuleOptions } from '../consent.options.js';
import { CONSENT_DB } from '../db/data-source.js';
import { ChangeLog } from './change-log.repository.js';
import { RefusalsHandler } from './refusals.handler.js';

@Module({
  providers: [
    {
      provide: TransactionalOutbox,
      useFactory: (db: DataSource, bus: MessageBus, logger: Logger, options: ConsentModuleOptions) =>
        new TransactionalOutbox(db, bus, logger, {
          table: 'consent.outbox',
          relay: options.outboxRelay ?? true,
        }),
      inject: [CONSENT_DB, MessageBus, LOGGER, CONSENT_OPTIONS],
    },
    // Every change's transaction: services open one, repositories work in it, the outbox publishes after it.
    unitsOfWorkProvider(CONSENT_DB, true),
    ChangeLog,
    RefusalsHandler,
  ],
  exports: [UnitsOfWork, ChangeLog],
})
export class ChangeLogModule {}
