// Metrics and spans of the bus, the same for both transports: every request sent and every request handled is
// counted by subject and outcome, timed, and traced (bus-tracing in @custos/telemetry).
import { DomainError } from '@custos/contracts';
import {
  busRequestDuration,
  busRequests,
  type HeaderCarrier,
  secondsSince,
  traceBusHandler,
  traceBusRequest,
} from '@custos/telemetry';

/** The HTTP-like status an error travels as (codec.ts): a DomainError's own, anything else 500. */
const statusOf = (err: unknown): number => (err instanceof DomainError ? err.status : 500);

async function observed<T>(
  side: 'client' | 'server',
  part: string,
  subject: string,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  let status = 'ok';
  try {
    return await work();
  } catch (err) {
    status = String(statusOf(err));
    throw err;
  } finally {
    busRequests.inc({ side, part, subject, status });
    busRequestDuration.observe({ side, part, subject }, secondsSince(started));
  }
}

/**
 * Sends a request as `part` (the caller; empty when the process plays several parts): `send` gets the function that
 * puts the trace context into the request's headers.
 */
export const observedRequest = <T>(
  part: string,
  subject: string,
  send: (inject: (headers: HeaderCarrier) => void) => Promise<T>,
): Promise<T> => observed('client', part, subject, () => traceBusRequest(subject, send, statusOf));

/** Handles a request for `part` (the subject's owner), continuing the trace its `headers` carry. */
export const observedHandler = <T>(
  part: string,
  subject: string,
  headers: HeaderCarrier | undefined,
  handle: () => Promise<T>,
): Promise<T> =>
  observed('server', part, subject, () => traceBusHandler(subject, part, headers, handle, statusOf));
