// One unit of work per part (storage, consent): services open a transaction, repositories take it. The unit of
// work also stages the events that tell of its change in the part's outbox; they are published once it has
// committed, so a committed change is always announced and a rolled-back one never is. Business rules live in
// the services that open units of work; SQL lives in the repositories that take them.
import { AsyncResource } from 'node:async_hooks';

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

  /** Writes events of one subject to the outbox in this transaction, in one statement; published after the commit. */
  async stageAll<E extends EventSubject>(
    subject: E,
    payloads: readonly (EventOf<E> & { messageId: string })[],
    traceContexts?: readonly (Record<string, string> | undefined)[],
  ): Promise<void> {
    if (!this.outbox) throw new Error('this part has no outbox: its units of work cannot stage events');
    this.staged.push(...(await this.outbox.stageAll(this, subject, payloads, traceContexts)));
  }

  /**
   * Runs `then` once this transaction has committed, before the unit of work's opener gets its result (the audit
   * log waits there for its record to be sequenced: ADR 0010). Not run on rollback. `then` must not throw. It runs
   * in the request context it was registered in: in a shared commit (group-commit.ts) the code that commits
   * serves many requests, and each one's after-commit work must still count and log as its own.
   */
  afterCommit(then: () => Promise<void>): void {
    this.committed.push(AsyncResource.bind(then));
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

  /**
   * Runs each of `works` in one shared transaction, in order, each with a unit of work of its own: one COMMIT (one
   * WAL flush) for all of them. A work that fails is rolled back alone (to a savepoint taken before it; a lone
   * work needs none, its failure rolls back the transaction) and the others go on. With `together`, several
   * works are first tried all at once, in one unit of work (so in a few multi-row statements rather than a few
   * statements each): it answers one result per work, or undefined when it cannot stand for them, and then, as
   * when it fails, what it did is rolled back and each work runs on its own.
   *
   * Resolves once the transaction has committed, with one answer per work: its result once its staged events are
   * handed to the outbox and its after-commit steps have run, or its own failure. Rejects when the transaction as
   * a whole fails (its BEGIN or COMMIT, or a rollback to a savepoint): then nothing of any work was committed.
   */
  async runEach<T>(
    works: readonly ((uow: UnitOfWork) => Promise<T>)[],
    together?: (uow: UnitOfWork) => Promise<T[] | undefined>,
  ): Promise<Promise<T>[]> {
    let outcomes: ({ ok: true; value: T; uow: UnitOfWork } | { ok: false; reason: unknown })[] = [];
    const alone = works.length === 1;
    try {
      await this.db.transaction(async (manager) => {
        if (together && !alone) {
          const uow = new UnitOfWork(manager, this.outbox);
          await manager.query('SAVEPOINT together');
          // A failure here is some work's to answer: it is met again, and answered, when that work runs alone.
          const values = await together(uow).catch(() => undefined);
          if (values?.length === works.length) {
            outcomes = values.map((value) => ({ ok: true, value, uow }));
            return;
          }
          await manager.query('ROLLBACK TO SAVEPOINT together');
        }
        for (const [i, work] of works.entries()) {
          const uow = new UnitOfWork(manager, this.outbox);
          // Savepoints are left open rather than released: a RELEASE is one more round trip per work, and a
          // later ROLLBACK TO an earlier name undoes only what came after it.
          if (!alone) await manager.query(`SAVEPOINT work_${i}`);
          try {
            outcomes.push({ ok: true, value: await work(uow), uow });
          } catch (reason) {
            if (alone) throw new LoneWorkFailed(reason);
            await manager.query(`ROLLBACK TO SAVEPOINT work_${i}`);
            outcomes.push({ ok: false, reason });
          }
        }
      });
    } catch (err) {
      // The reason is whatever the work threw, passed on as it is (a domain error, a driver error).
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
      if (err instanceof LoneWorkFailed) return [Promise.reject(err.reason)];
      throw err;
    }
    // Each unit of work's events and after-commit steps once, however many works it stood for.
    const finished = new Map<UnitOfWork, Promise<void>>();
    const finish = (uow: UnitOfWork): Promise<void> => {
      let done = finished.get(uow);
      if (!done) {
        if (this.outbox) this.outbox.publishSoon(...uow.stagedEvents());
        done = Promise.all(uow.afterCommitWork().map((then) => then())).then(() => undefined);
        finished.set(uow, done);
      }
      return done;
    };
    return outcomes.map(async (outcome) => {
      if (!outcome.ok) throw outcome.reason;
      await finish(outcome.uow);
      return outcome.value;
    });
  }

  /** A read-only transaction that sees one snapshot throughout, however long it reads (REPEATABLE READ). */
  snapshot<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return this.db.transaction('REPEATABLE READ', async (manager) => {
      await manager.query('SET TRANSACTION READ ONLY');
      return work(new UnitOfWork(manager, null));
    });
  }
}

/** The failure of the only work of a shared transaction: it rolls the transaction back, and is that work's answer. */
class LoneWorkFailed extends Error {
  constructor(readonly reason: unknown) {
    super('the only work of a shared transaction failed');
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
