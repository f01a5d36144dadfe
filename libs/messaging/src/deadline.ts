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

/** Fails with a 503 when the current request's deadline has passed: `what` is the step not taken. */
export function assertBeforeDeadline(what: string): void {
  const deadline = currentRequestContext()?.deadline;
  if (deadline !== undefined && Date.now() >= deadline) {
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
