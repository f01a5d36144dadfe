// How the request context crosses NATS: the request id rides on the request, the handler's stage
// timings ride back on its reply (errors included), so the gateway sees every hop's stages.
import type { RequestContext } from './request-context.js';

/** Header of a request: the gateway's request id. */
export const REQUEST_ID_HEADER = 'Custos-Request-Id';
/** Header of a request: when its caller stops waiting, epoch ms (deadline.ts). */
export const DEADLINE_HEADER = 'Custos-Deadline';
/** Header of a request: the signed principal assertion (ADR 0006, principal-assertion.ts). */
export const PRINCIPAL_HEADER = 'Custos-Principal';
/** Header of a reply: the stage timings of the handler and of every hop it made, as JSON `{name: ms}`. */
export const STAGES_HEADER = 'Custos-Stages';

/**
 * Headers of a request: the W3C trace context of the span that sent it (https://www.w3.org/TR/trace-context/), set
 * by OpenTelemetry's propagator only while tracing is on (bus-telemetry.ts).
 */
export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

/** The same shape the gateway accepts for X-Request-Id; anything else is not carried. */
const REQUEST_ID = /^[\w-]{1,64}$/;

export const requestIdFromHeader = (value: string | undefined): string | undefined =>
  value && REQUEST_ID.test(value) ? value : undefined;

export const stagesToHeader = (context: RequestContext): string =>
  JSON.stringify(Object.fromEntries(context.stages));

/** The stage timings of a reply header; a missing or malformed header adds nothing. */
export function stagesFromHeader(value: string | undefined): [string, number][] {
  if (!value) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [];
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [];
  return Object.entries(parsed).filter(
    (entry): entry is [string, number] =>
      typeof entry[1] === 'number' && Number.isFinite(entry[1]) && entry[1] >= 0,
  );
}
