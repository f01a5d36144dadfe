// Spans for the bus, which no OpenTelemetry instrumentation knows: one client span per request sent, one server
// span per request handled, the W3C trace context (traceparent, tracestate) carried in the request's headers so an
// xAPI request is one trace across the parts. Events (JetStream) likewise: a producer span per event published, its
// context in the message's headers, and a consumer span per event handled, so a change's trace continues into the
// events it causes — even when an outbox's relay publishes the event later (currentTraceContext/withTraceContext). Without a tracer provider (tracing off) the API is a no-op: no span
// is made and no header is added.
import {
  context,
  propagation,
  ROOT_CONTEXT,
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

/** A span's work for an event: any failure (an unreachable stream, a handler that threw) marks the span failed. */
const eventStatus = (): number => 500;

/**
 * Runs `send` in a producer span for the event `subject`; `send` gets a function that writes the span's trace context
 * into the message's headers. The span is a child of the active context (see withTraceContext for an outbox's).
 */
export function traceEventPublish<T>(
  subject: string,
  send: (inject: (headers: HeaderCarrier) => void) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(`${subject} publish`, {
    kind: SpanKind.PRODUCER,
    attributes: {
      'messaging.system': 'nats',
      'messaging.operation.type': 'publish',
      'messaging.destination.name': subject,
    },
  });
  const spanContext = trace.setSpan(context.active(), span);
  return inSpan(span, () => send((headers) => propagation.inject(spanContext, headers, setter)), eventStatus);
}

/**
 * Runs `handle` in a consumer span of the durable consumer `consumer` for an event of `subject`, a child of the producer span whose context
 * the message's `headers` carry (a root span when they carry none: an event published before tracing was on).
 */
export function traceEventHandler<T>(
  subject: string,
  consumer: string,
  headers: HeaderCarrier | undefined,
  handle: () => Promise<T>,
): Promise<T> {
  // A consumer runs outside whatever the process was doing when the message arrived: only the headers count.
  const parent = headers ? propagation.extract(ROOT_CONTEXT, headers, getter) : ROOT_CONTEXT;
  const span = tracer.startSpan(
    `${subject} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'nats',
        'messaging.operation.type': 'process',
        'messaging.destination.name': subject,
        'messaging.consumer.group.name': consumer,
      },
    },
    parent,
  );
  return context.with(parent, () => inSpan(span, handle, eventStatus));
}

/**
 * The active trace context as plain data (`traceparent`, `tracestate`), to be kept with work done later — an event
 * staged in a transactional outbox — or undefined when there is none (tracing off, or outside any span).
 */
export function currentTraceContext(): Record<string, string> | undefined {
  const kept: Record<string, string> = {};
  propagation.inject(context.active(), kept);
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/** Runs `work` in a trace context kept by currentTraceContext; with none kept, in the active context. */
export function withTraceContext<T>(kept: Record<string, string> | null | undefined, work: () => T): T {
  if (!kept) return work();
  return context.with(propagation.extract(ROOT_CONTEXT, kept), work);
}

/** A header carrier over a plain map (the in-process bus). */
export const mapCarrier = (map = new Map<string, string>()): HeaderCarrier => ({
  get: (name) => map.get(name),
  set: (name, value) => void map.set(name, value),
});
