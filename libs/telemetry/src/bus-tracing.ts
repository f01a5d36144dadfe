// Spans for the bus, which no OpenTelemetry instrumentation knows: one client span per request sent, one server
// span per request handled, the W3C trace context (traceparent, tracestate) carried in the request's headers so an
// xAPI request is one trace across the parts. Without a tracer provider (tracing off) the API is a no-op: no span
// is made and no header is added.
import {
  context,
  propagation,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';

const tracer = trace.getTracer('custos-bus');

/** Headers as the bus has them: anything with get and set (NATS MsgHdrs, a plain map for the in-process bus). */
export interface HeaderCarrier {
  get(name: string): string | undefined;
  set(name: string, value: string): void;
}

const setter: TextMapSetter<HeaderCarrier> = { set: (carrier, key, value) => carrier.set(key, value) };
const getter: TextMapGetter<HeaderCarrier> = {
  get: (carrier, key) => carrier.get(key) || undefined,
  keys: () => ['traceparent', 'tracestate'],
};

async function inSpan<T>(span: Span, work: () => Promise<T>, statusOf: (err: unknown) => number): Promise<T> {
  try {
    return await context.with(trace.setSpan(context.active(), span), work);
  } catch (err) {
    const status = statusOf(err);
    span.setAttribute('custos.status', status);
    // A refusal (4xx) is the bus doing its job; only a fault or an unavailable part marks the span failed.
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
    throw err;
  } finally {
    span.end();
  }
}

/**
 * Runs `send` in a client span for `subject`; `send` gets a function that writes the trace context (of that span)
 * into a request's headers.
 */
export function traceBusRequest<T>(
  subject: string,
  send: (inject: (headers: HeaderCarrier) => void) => Promise<T>,
  statusOf: (err: unknown) => number,
): Promise<T> {
  const span = tracer.startSpan(`${subject} request`, {
    kind: SpanKind.CLIENT,
    attributes: { 'messaging.system': 'custos-bus', 'messaging.destination.name': subject },
  });
  const spanContext = trace.setSpan(context.active(), span);
  return inSpan(span, () => send((headers) => propagation.inject(spanContext, headers, setter)), statusOf);
}

/** Runs `handle` in a server span for `subject`, a child of the trace context in `headers` (if any). */
export function traceBusHandler<T>(
  subject: string,
  part: string,
  headers: HeaderCarrier | undefined,
  handle: () => Promise<T>,
  statusOf: (err: unknown) => number,
): Promise<T> {
  const parent = headers ? propagation.extract(context.active(), headers, getter) : context.active();
  const span = tracer.startSpan(
    `${subject} handle`,
    {
      kind: SpanKind.SERVER,
      attributes: {
        'messaging.system': 'custos-bus',
        'messaging.destination.name': subject,
        'custos.part': part,
      },
    },
    parent,
  );
  return context.with(parent, () => inSpan(span, handle, statusOf));
}

/** A header carrier over a plain map (the in-process bus). */
export const mapCarrier = (map = new Map<string, string>()): HeaderCarrier => ({
  get: (name) => map.get(name),
  set: (name, value) => void map.set(name, value),
});
