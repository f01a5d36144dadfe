// A transaction handle that services pass between repositories without touching TypeORM:
// the statement rows and the audit record of a read commit together, or not at all.
import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { STORAGE_DB } from './data-source.js';

export { STORAGE_DB };

export class Tx {
  /** @internal only repositories read this. */
  constructor(readonly manager: EntityManager) {}
}

@Injectable()
export class TransactionRunner {
  constructor(@Inject(STORAGE_DB) private readonly db: DataSource) {}

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction((manager) => work(new Tx(manager)));
  }

  /** A read-only transaction that sees one snapshot throughout, however long it reads (REPEATABLE READ). */
  snapshot<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return work(new Tx(manager));
    });
  }
}
