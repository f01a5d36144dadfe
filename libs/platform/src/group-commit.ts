// Group commit (ADR 0012): concurrent writes of a part share one transaction, so one COMMIT (one WAL flush, one
// BEGIN/COMMIT round trip pair) serves many requests. A request that arrives while fewer than `maxInFlight`
// groups are committing starts a group of its own at once, so a lone request waits for nothing; requests that
// arrive while every slot is busy queue, and the queue (up to the bounds) becomes the next group as soon as a
// slot frees. Each request keeps its own unit of work (its savepoint, outbox rows, audit record and after-commit
// steps: UnitsOfWork.runEach), so one request's failure answers that request only; each caller is answered
// only after the shared COMMIT succeeded, and a failed COMMIT fails every request of the group.
import { AsyncResource } from 'node:async_hooks';

import { DomainError, ServiceUnavailableError } from '@custos/contracts';
import { addStages, currentRequestContext, isConnectionFault, runInRequestContext } from '@custos/messaging';
import { currentTraceContext, writeGroupSize } from '@custos/telemetry';
import type { Logger } from 'pino';

import type { UnitOfWork, UnitsOfWork } from './unit-of-work.js';

export interface GroupCommitBounds {
  /** The part whose writes these are, for the group-size metric. */
  part: string;
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

/** What a group's work done at once knows of each request: the request and the id of the call it came with. */
export interface GroupMember<R> {
  request: R;
  requestId: string | undefined;
  /** The request's trace (W3C headers), for events the group stages on its behalf. */
  traceContext: Record<string, string> | undefined;
}

export interface GroupCommitWork<R, T> {
  /** The work of one request, in its own unit of work. */
  one: (uow: UnitOfWork, request: R) => Promise<T>;
  /**
   * The work of several requests at once, in one unit of work: one result per request, or undefined when the
   * group is not one it can do at once (then each request runs `one` in its own savepoint: UnitsOfWork.runEach).
   * It must give each request exactly the answer `one` would have.
   */
  together?: (uow: UnitOfWork, members: readonly GroupMember<R>[]) => Promise<T[] | undefined>;
  /** A request's size in bytes, for `maxBytes`; asked only of requests that would join a group. */
  sizeOf: (request: R) => number;
}

interface Waiting<R, T> extends GroupMember<R> {
  /** The request's work, bound to the request's own context (its id, deadline and stage timings). */
  work: (uow: UnitOfWork) => Promise<T>;
  /** Adds stage timings to the request's own context (those of the group's shared work). */
  addStages: (stages: Map<string, number>) => void;
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
    private readonly work: GroupCommitWork<R, T>,
  ) {}

  /** Carries out `request` in the next group; answers once its group has committed (or with its own failure). */
  submit(request: R): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const context = currentRequestContext();
      this.queue.push({
        request,
        requestId: context?.requestId,
        traceContext: currentTraceContext(),
        work: AsyncResource.bind((uow: UnitOfWork) => this.work.one(uow, request)),
        addStages: AsyncResource.bind((stages: Map<string, number>) => addStages(stages)),
        deadline: context?.deadline,
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
        bytes += this.work.sizeOf(this.queue[n]!.request);
        if (bytes > this.bounds.maxBytes) break;
      } else if (this.queue.length > 1) {
        bytes = this.work.sizeOf(this.queue[0]!.request);
      }
      n += 1;
    }
    return this.queue.splice(0, n);
  }

  private async commit(group: Waiting<R, T>[]): Promise<void> {
    writeGroupSize.observe({ part: this.bounds.part }, group.length);
    // The transaction checks the deadline of the context it runs in (database.ts): the group's is its earliest
    // member's, so no member is committed after its caller gave up (the others then get a 503 they may retry).
    const deadlines = group.flatMap((m) => (m.deadline === undefined ? [] : [m.deadline]));
    const deadline = deadlines.length > 0 ? Math.min(...deadlines) : undefined;
    const together = this.work.together;
    let answers: Promise<T>[];
    let shared = new Map<string, number>();
    try {
      answers = await runInRequestContext(
        undefined,
        () => {
          shared = currentRequestContext()!.stages;
          return this.units.runEach(
            group.map((m) => m.work),
            together && ((uow) => this.tryTogether(together, uow, group)),
          );
        },
        deadline,
      );
    } catch (err) {
      const failure = this.groupFailure(err, group.length);
      for (const member of group) member.reject(failure);
      return;
    }
    for (const [i, answer] of answers.entries()) {
      const member = group[i]!;
      // The time of the work done for the whole group (or of its BEGIN and COMMIT) is each member's time too.
      if (shared.size > 0) member.addStages(shared);
      answer.then(member.resolve, member.reject);
    }
  }

  /**
   * The group's work at once. Should it fail, each request runs on its own and meets (and is answered) the cause
   * itself if it is its own; a cause that is nobody's (a bug) would only make every group slower, so it is logged.
   */
  private async tryTogether(
    together: NonNullable<GroupCommitWork<R, T>['together']>,
    uow: UnitOfWork,
    group: readonly Waiting<R, T>[],
  ): Promise<T[] | undefined> {
    try {
      return await together(uow, group);
    } catch (err) {
      if (!(err instanceof DomainError) && !isConnectionFault(err)) {
        this.logger.warn(
          { err: (err as Error)?.message ?? String(err) },
          'a group of writes went one by one',
        );
      }
      throw err;
    }
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
