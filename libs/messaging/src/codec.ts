// Encoding shared by both transports: payloads are JSON, receivers check them against the
// contract schema before any logic runs, and errors travel as status + safe message (ADR-32).
import {
  BadRequestError,
  DomainError,
  domainErrorFrom,
  Events,
  type ErrorDetail,
  owningService,
  type EventOf,
  type EventSubject,
  Requests,
  type RequestSubject,
} from '@custos/contracts';
import { jsonNestingExceeds, MAX_JSON_DEPTH } from '@custos/xapi';

import { isConnectionFault } from './faults.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The deepest JSON a message may hold: what a client may send (MAX_JSON_DEPTH, enforced at the edge) plus
 * room for the envelopes around it (a request's fields, a statements array, a reply's result). Checked on
 * every message a part receives, whatever sent it, before anything recursive (schemas, handlers) sees it.
 */
export const MESSAGE_MAX_JSON_DEPTH = MAX_JSON_DEPTH + 8;
const TOO_DEEP = `the message nests arrays and objects more than ${MESSAGE_MAX_JSON_DEPTH} levels deep`;

/** JSON text of a payload; one too deep to serialise is the sender's bad input, not a crash. */
export function toJsonText(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (err instanceof RangeError) throw new BadRequestError(TOO_DEEP);
    throw err;
  }
}

/** A payload from its JSON text, refused (400) when it nests deeper than MESSAGE_MAX_JSON_DEPTH. */
export function fromJsonText(text: string | Uint8Array): unknown {
  if (jsonNestingExceeds(text, MESSAGE_MAX_JSON_DEPTH)) throw new BadRequestError(TOO_DEEP);
  return JSON.parse(typeof text === 'string' ? text : decoder.decode(text));
}

export const encode = (value: unknown): Uint8Array => encoder.encode(toJsonText(value));
export const decode = (data: Uint8Array): unknown => (data.length === 0 ? undefined : fromJsonText(data));

export interface WireError {
  status: number;
  message: string;
  errors?: ErrorDetail[];
  /** Seconds before trying again (a 429's Retry-After), so it reaches the HTTP edge. */
  retryAfter?: number;
}

/**
 * Turns anything thrown by the handler of `subject` into what the caller may see: a lost database is a 503
 * naming the part (retry later), other unknown faults stay an opaque 500.
 */
export function toWireError(err: unknown, subject: RequestSubject): WireError {
  if (err instanceof DomainError) {
    return {
      status: err.status,
      message: err.message,
      ...(err.errors ? { errors: err.errors } : {}),
      ...(err.retryAfterSeconds !== undefined ? { retryAfter: err.retryAfterSeconds } : {}),
    };
  }
  if (isConnectionFault(err)) {
    return { status: 503, message: `${owningService(subject)} cannot reach its database; try again shortly` };
  }
  return { status: 500, message: 'internal error' };
}

export const fromWireError = (wire: WireError): DomainError =>
  domainErrorFrom(
    wire.status,
    wire.message,
    wire.errors,
    typeof wire.retryAfter === 'number' && wire.retryAfter > 0 ? wire.retryAfter : undefined,
  );

function issuesToDetails(issues: { path: PropertyKey[]; message: string }[]): ErrorDetail[] {
  return issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export function parseRequest<S extends RequestSubject>(subject: S, raw: unknown) {
  const result = Requests[subject].request.safeParse(raw);
  if (!result.success) {
    throw new BadRequestError(`invalid ${subject} request`, issuesToDetails(result.error.issues));
  }
  return result.data;
}

export function parseReply<S extends RequestSubject>(subject: S, raw: unknown) {
  const result = Requests[subject].reply.safeParse(raw);
  if (!result.success) {
    // A reply that breaks its contract is our own fault, not the caller's.
    throw domainErrorFrom(500, `invalid ${subject} reply`, issuesToDetails(result.error.issues));
  }
  return result.data;
}

export function parseEvent<E extends EventSubject>(subject: E, raw: unknown): EventOf<E> {
  const result = Events[subject].safeParse(raw);
  if (!result.success) {
    throw new BadRequestError(`invalid ${subject} event`, issuesToDetails(result.error.issues));
  }
  // TypeScript cannot narrow the schema union by the generic subject; the schema is the subject's own.
  return result.data as EventOf<E>;
}
