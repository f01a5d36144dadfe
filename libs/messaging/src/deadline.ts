// Deadlines: every bus request carries the moment its caller stops waiting (Custos-Deadline, epoch ms), so a
// part does not start, or commit, work whose answer nobody will read: a request answered 503 must leave
// nothing behind. A nested request inherits its caller's deadline less a margin for the reply to travel back,
// so the inner call times out first and the 503 names the part that did not answer, not the one that waited.
import { owningService, type RequestSubject, ServiceUnavailableError } from '@custos/contracts';

import { currentRequestContext } from './request-context.js';

/** Time kept back at each hop for a reply (or an inner timeout's 503) to reach the caller before it gives up. */
export const REPLY_MARGIN_MS = 500;

/** The deadline of a request made now: its own timeout, or the caller's deadline less the margin if sooner. */
export function deadlineOf(timeoutMs: number, now = Date.now()): number {
  const inherited = currentRequestContext()?.deadline;
  const own = now + timeoutMs;
  return inherited === undefined ? own : Math.min(own, inherited - REPLY_MARGIN_MS);
}

/**
 * Time a COMMIT is given before the deadline. The caller stops waiting at the deadline itself, so a COMMIT sent
 * just before it could land after the caller answered 503; sending it only while this much time is left makes
 * that need a COMMIT slower than this budget. Such a 503 is then of unknown outcome, which a client resolves by
 * sending the same statements (same ids) again: storage treats an identical statement as already stored.
 */
export const COMMIT_BUDGET_MS = 250;

/**
 * Fails with a 503 when the current request's deadline has passed, or will within `keepBackMs`: `what` is the
 * step not taken.
 */
export function assertBeforeDeadline(what: string, keepBackMs = 0): void {
  const deadline = currentRequestContext()?.deadline;
  if (deadline !== undefined && Date.now() >= deadline - keepBackMs) {
    throw new ServiceUnavailableError(`the request's deadline passed before ${what}`);
  }
}

/** The 503 of a request to `subject` that got no answer by its deadline: it names the part that did not answer. */
export const timedOut = (subject: RequestSubject): ServiceUnavailableError =>
  new ServiceUnavailableError(`${owningService(subject)} did not answer in time`);

/** A deadline header's value: a positive integer (epoch ms); anything else means no deadline. */
export function deadlineFromHeader(value: string | undefined): number | undefined {
  if (!value || !/^\d{1,16}$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}
