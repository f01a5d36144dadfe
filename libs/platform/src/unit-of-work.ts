// One unit of work per part (storage, consent): services open a transaction, repositories take it. The unit of
// work also stages the events that tell of its change in the part's outbox; they are published once it has
// committed, so a committed change is always announced and a rolled-back one never is. Business rules live in
// the services that open units of work; SQL lives in the repositories that take them.
import type { EventOf, EventSubject } from '@custos/contracts';
import type { FactoryProvider, InjectionToken } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';

import { type StagedEvent, TransactionalOutbox } from './outbox.js';

/** An open transaction, handed from the service that opened it to the repositories that work in it. */
export class UnitOfWork {
  private readonly staged: StagedEvent[] = [];
  private readonly committed: (() => Promise<void>)[] = [];

  constructor(
    /** Only repositories read this: services pass the unit of work on without touching TypeORM. */
    readonly manager: EntityManager,
    private readonly outbox: TransactionalOutbox | null,
  ) {}

  /** Writes an event to the outbox in this transaction; it is published after the commit. */
  async stage<E extends EventSubject>(
    subject: E,
    payload: EventOf<E> & { messageId: string },
  ): Promise<void> {
    if (!this.outbox) throw new Error('this part has no outbox: its units of work cannot stage events');
    this.staged.push(await this.outbox.stage(this, subject, payload));
  }

  /**
   * Runs `then` once this transaction has committed, before the unit of work's opener gets its result (the audit
   * log waits there for its record to be sequenced: ADR 0010). Not run on rollback. `then` must not throw.
   */
  afterCommit(then: () => Promise<void>): void {
    this.committed.push(then);
  }

  /** @internal what to run after the commit, for the opener. */
  afterCommitWork(): readonly (() => Promise<void>)[] {
    return this.committed;
  }

  /** @internal the events staged so far, for the opener to publish after the commit. */
  stagedEvents(): readonly StagedEvent[] {
    return this.staged;
  }
}

/** Opens the part's units of work. */
export class UnitsOfWork {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: TransactionalOutbox | null,
  ) {}

  /** Runs `work` in one READ COMMITTED transaction; its staged events are published once it has committed. */
  async run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    let uow: UnitOfWork | undefined;
    const result = await this.db.transaction((manager) => work((uow = new UnitOfWork(manager, this.outbox))));
    if (uow && this.outbox) this.outbox.publishSoon(...uow.stagedEvents());
    if (uow) await Promise.all(uow.afterCommitWork().map((then) => then()));
    return result;
  }

  /** A read-only transaction that sees one snapshot throughout, however long it reads (REPEATABLE READ). */
  snapshot<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return work(new UnitOfWork(manager, null));
    });
  }
}

/**
 * The part's `UnitsOfWork` as a Nest provider, over the DataSource its module provides under `dbToken`; with
 * `withOutbox` its units of work stage events in the part's TransactionalOutbox (which the module must provide).
 */
export const unitsOfWorkProvider = (
  dbToken: InjectionToken,
  withOutbox: boolean,
): FactoryProvider<UnitsOfWork> => ({
  provide: UnitsOfWork,
  useFactory: (db: DataSource, outbox?: TransactionalOutbox) => new UnitsOfWork(db, outbox ?? null),
  inject: withOutbox ? [dbToken, TransactionalOutbox] : [dbToken],
});
