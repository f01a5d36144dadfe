// The record of every change consent makes: each change's transaction, its audit record and events in consent.outbox.
import { databaseCloser, LOGGER, TransactionalOutbox } from '@custos/platform';
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
    databaseCloser(CONSENT_DB),
    {
      provide: TransactionalOutbox,
      useFactory: (db: DataSource, bus: MessageBus, logger: Logger, options: ConsentModuleOptions) =>
        new TransactionalOutbox(db, bus, logger, {
          table: 'consent.outbox',
          relay: options.outboxRelay ?? true,
        }),
      inject: [CONSENT_DB, MessageBus, LOGGER, CONSENT_OPTIONS],
    },
    ChangeLog,
    RefusalsHandler,
  ],
  exports: [ChangeLog],
})
export class ChangeLogModule {}
