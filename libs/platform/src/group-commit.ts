// Group commit (ADR 0012): concurrent writes of a part share one transaction, so one COMMIT (one WAL flush, one
// BEGIN/COMMIT round trip pair) serves many requests. A request that arrives while fewer than `maxInFlight`
// groups are committing starts a group of its own at once, so a lone request waits for nothing; requests that
// arrive while every slot is busy queue, and the queue (up to the bounds) becomes the next group as soon as a
// slot frees. Each request keeps its own unit of work (its savepoint, outbox rows, audit record and after-commit
// steps: UnitsOfWork.runEach), so one request's failure answers that request only; each caller is answered
// only after the shared COMMIT succeeded, and a failed COMMIT fails every request of the group.
import { AsyncResource } from 'node:async_hooks';

import { DomainError, ServiceUnavailableError } from '@custos/contracts';
import { currentRequestContext, isConnectionFault, runInRequestContext } from '@custos/messaging';
import type { Logger } from 'pino';

import type { UnitOfWork, UnitsOfWork } from './unit-of-work.js';

export interface GroupCommitBounds {
  /** Groups committing at once (each on a connection of its own). */
  maxInFlight: number;
  /**
   * Requests in one group. Each is a subtransaction: PostgreSQL keeps the first 64 of a transaction in shared
   * memory and past that every snapshot taken elsewhere gets slower, so this stays well under 64.
   */
  maxRequests: number;
  /** Bytes in one group (as `sizeOf` counts them); a single request larger than this still goes, alone. */
  maxBytes: number;
}

interface Waiting<R, T> {
  request: R;
  /** The request's work, bound to the request's own context (its id, deadline and stage timings). */
  work: (uow: UnitOfWork) => Promise<T>;
  deadline: number | undefined;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export class GroupCommit<R, T> {
  private readonly queue: Waiting<R, T>[] = [];
  private inFlight = 0;

  constructor(
    private readonly units: UnitsOfWork,
    private readonly logger: Logger,
    private readonly bounds: GroupCommitBounds,
    /** The work of one request, in its own unit of work. */
    private readonly work: (uow: UnitOfWork, request: R) => Promise<T>,
    /** A request's size in bytes, for `maxBytes`; asked only of requests that would join a group. */
    private readonly sizeOf: (request: R) => number,
  ) {}

  /** Carries out `request` in the next group; answers once its group has committed (or with its own failure). */
  submit(request: R): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        request,
        work: AsyncResource.bind((uow: UnitOfWork) => this.work(uow, request)),
        deadline: currentRequestContext()?.deadline,
        resolve,
        reject,
      });
      this.startGroups();
    });
  }

  private startGroups(): void {
    while (this.inFlight < this.bounds.maxInFlight && this.queue.length > 0) {
      const group = this.nextGroup();
      this.inFlight += 1;
      void this.commit(group).finally(() => {
        this.inFlight -= 1;
        this.startGroups();
      });
    }
  }

  /** The oldest waiting requests, up to the bounds (the first always goes, whatever its size). */
  private nextGroup(): Waiting<R, T>[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && n < this.bounds.maxRequests) {
      if (n > 0) {
        bytes += this.sizeOf(this.queue[n]!.request);
        if (bytes > this.bounds.maxBytes) break;
      } else if (this.queue.length > 1) {
        bytes = this.sizeOf(this.queue[0]!.request);
      }
      n += 1;
    }
    return this.queue.splice(0, n);
  }

  private async commit(group: Waiting<R, T>[]): Promise<void> {
    // The transaction checks the deadline of the context it runs in (database.ts): the group's is its earliest
    // member's, so no member is committed after its caller gave up (the others then get a 503 they may retry).
    const deadlines = group.flatMap((m) => (m.deadline === undefined ? [] : [m.deadline]));
    const deadline = deadlines.length > 0 ? Math.min(...deadlines) : undefined;
    let answers: Promise<T>[];
    try {
      answers = await runInRequestContext(
        undefined,
        () => this.units.runEach(group.map((m) => m.work)),
        deadline,
      );
    } catch (err) {
      const failure = this.groupFailure(err, group.length);
      for (const member of group) member.reject(failure);
      return;
    }
    for (const [i, answer] of answers.entries()) answer.then(group[i]!.resolve, group[i]!.reject);
  }

  /**
   * What every member of a group whose transaction failed is answered: a refused or lost database is a 503 the
   * bus maps itself (logged there, once per interval); anything else that failed the shared transaction (its
   * COMMIT) is not any one caller's fault either, so also a 503 they may retry, logged here once for the group.
   */
  private groupFailure(err: unknown, members: number): unknown {
    if (err instanceof DomainError || isConnectionFault(err)) return err;
    this.logger.error(
      { err: (err as Error)?.stack ?? String(err), members },
      'a shared write transaction failed',
    );
    return new ServiceUnavailableError('the write could not be committed; try again later');
  }
}
