// Faults that are not the caller's and not a bug: the database of a part cannot be reached (down, restarting,
// a cut connection, a full pool). They cross the bus as a 503 the caller may retry, and are logged once per
// interval, not once (with a stack) per request: an outage would otherwise flood the log.
import type { Logger } from 'pino';

/** Seconds a client is asked to wait before retrying a 503 (the Retry-After header). */
export const RETRY_AFTER_SECONDS = 5;

/** Socket errors of a connection that could not be made or was lost. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/**
 * PostgreSQL SQLSTATEs of an unavailable server: 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot
 * connect now (starting up, shutting down), 53300 too many connections; class 08 is every connection exception.
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What node-postgres says when a connection ends or the pool cannot hand one out in time. */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|the database system is (?:starting up|shutting down|in recovery mode)|terminating connection due to administrator command|Connection refused/i;

/** True when `err` (or the driver error or socket errors it wraps) says the database cannot be reached. */
export function isConnectionFault(err: unknown, depth = 0): boolean {
  if (err === null || typeof err !== 'object' || depth > 3) return false;
  const { code, message, driverError, errors, cause } = err as {
    code?: unknown;
    message?: unknown;
    driverError?: unknown;
    errors?: unknown;
    cause?: unknown;
  };
  if (
    typeof code === 'string' &&
    (SOCKET_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))
  ) {
    return true;
  }
  if (typeof message === 'string' && MESSAGES.test(message)) return true;
  // TypeORM wraps the driver's error; a refused dual-stack connect is an AggregateError of socket errors.
  const inner: unknown[] = [driverError, cause, ...(Array.isArray(errors) ? (errors as unknown[]) : [])];
  return inner.some((e) => isConnectionFault(e, depth + 1));
}

/**
 * Where a part logs what its handlers threw and was not a DomainError: a bug is logged each time with its
 * stack; a connection fault once per `everyMs`, with how many requests it failed since the last line.
 */
export class FaultLog {
  private lastLoggedAt = 0;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    private readonly everyMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  handlerFailed(subject: string, err: unknown): void {
    if (!isConnectionFault(err)) {
      this.logger.error({ subject, err: (err as Error)?.stack ?? String(err) }, 'handler failed');
      return;
    }
    const now = this.now();
    if (now - this.lastLoggedAt < this.everyMs) {
      this.suppressed += 1;
      return;
    }
    this.logger.warn(
      { subject, fault: (err as Error).message, failedSinceLastReport: this.suppressed },
      'database unavailable: answering 503',
    );
    this.lastLoggedAt = now;
    this.suppressed = 0;
  }
}
