// The bus counts every request on both sides by subject and outcome — a 503 for a missing part included — and,
// with a tracer provider registered, makes the handler's span a child of the caller's (over NATS the same travels in
// the traceparent header: test/e2e/observability.e2e-spec.ts); an event's consumer span is a child of its producer span.
import { randomUUID } from 'node:crypto';

import { type AuditRecordedV1, ConflictError } from '@custos/contracts';
import { busRequests, currentTraceContext, withTraceContext } from '@custos/telemetry';
import { context, SpanKind, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { InProcessBus } from './in-process-bus.js';

const exporter = new InMemorySpanExporter();
// No resource detectors: their attributes arrive asynchronously and hold back every export until they do.
const sdk = new NodeSDK({
  serviceName: 'bus-test',
  resourceDetectors: [],
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
beforeAll(() => sdk.start());
afterAll(() => sdk.shutdown());

const count = async (labels: Record<string, string>): Promise<number> =>
  (await busRequests.get()).values
    .filter((v) => Object.entries(labels).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x))
    .reduce((n, v) => n + v.value, 0);

function setup() {
  const bus = new InProcessBus(pino({ level: 'silent' }));
  bus.serve('storage.v1.audit.public-key', async ({ tenantId }) => {
    if (tenantId === 'fail') throw new ConflictError('refused');
    return { algorithm: 'Ed25519' as const, publicKeyId: '7', publicKeyPem: 'h' };
  });
  return bus;
}

const subject = 'storage.v1.audit.public-key';
const ask = (bus: InProcessBus, tenantId: string) =>
  bus.request(subject, { tenantId, audit: { principalId: 'p', action: 'test', query: {} } });

const auditRecorded = (): AuditRecordedV1 => ({
  type: 'custos.consent.v1.audit_recorded',
  messageId: randomUUID(),
  tenantId: 't',
  principalId: 'operator',
  principalKind: 'system',
  action: 'policy.create',
  resource: 'policy',
  query: {},
  decision: 'allow',
  at: new Date().toISOString(),
});

describe('bus telemetry', () => {
  it('counts answered, refused and unanswerable requests on both sides', async () => {
    const bus = setup();
    const before = {
      ok: await count({ side: 'client', subject, status: 'ok' }),
      refused: await count({ side: 'server', part: 'storage', subject, status: '409' }),
      missing: await count({ side: 'client', subject: 'storage.v1.audit.verify', status: '503' }),
    };
    await ask(bus, 't');
    await expect(ask(bus, 'fail')).rejects.toThrow('refused');
    await expect(bus.request('storage.v1.audit.verify', { tenantId: 't' })).rejects.toThrow('no handler');
    expect(await count({ side: 'client', subject, status: 'ok' })).toBe(before.ok + 1);
    expect(await count({ side: 'server', part: 'storage', subject, status: '409' })).toBe(before.refused + 1);
    expect(await count({ side: 'client', subject: 'storage.v1.audit.verify', status: '503' })).toBe(
      before.missing + 1,
    );
  });

  it("makes the handler's span a child of the caller's, in the caller's trace", async () => {
    exporter.reset();
    await ask(setup(), 't');
    const spans = exporter.getFinishedSpans();
    const client = spans.find((s) => s.name === `${subject} request`);
    const server = spans.find((s) => s.name === `${subject} handle`);
    expect(client).toBeDefined();
    expect(server?.spanContext().traceId).toBe(client!.spanContext().traceId);
    expect(server?.parentSpanContext?.spanId).toBe(client!.spanContext().spanId);
    expect(server?.attributes['custos.part']).toBe('storage');
  });

  it("makes an event's consumer span a child of its producer span, in the publisher's trace", async () => {
    exporter.reset();
    const bus = new InProcessBus(pino({ level: 'silent' }));
    bus.consume('consent.v1.audit.recorded', 'storage-change-records', async () => undefined);
    const tracer = trace.getTracer('test');
    const change = tracer.startSpan('the change');
    await context.with(trace.setSpan(context.active(), change), () =>
      bus.publish('consent.v1.audit.recorded', auditRecorded()),
    );
    change.end();
    const spans = exporter.getFinishedSpans();
    const producer = spans.find((s) => s.name === 'consent.v1.audit.recorded publish');
    const consumer = spans.find((s) => s.name === 'consent.v1.audit.recorded process');
    expect(producer?.kind).toBe(SpanKind.PRODUCER);
    expect(producer?.parentSpanContext?.spanId).toBe(change.spanContext().spanId);
    expect(consumer?.kind).toBe(SpanKind.CONSUMER);
    expect(consumer?.spanContext().traceId).toBe(change.spanContext().traceId);
    expect(consumer?.parentSpanContext?.spanId).toBe(producer!.spanContext().spanId);
    expect(consumer?.attributes['messaging.consumer.group.name']).toBe('storage-change-records');
  });

  it('keeps a trace context as plain data and continues it later (an outbox relay)', async () => {
    exporter.reset();
    const change = trace.getTracer('test').startSpan('the change');
    const kept = context.with(trace.setSpan(context.active(), change), () => currentTraceContext());
    change.end();
    expect(kept?.traceparent).toContain(change.spanContext().traceId);
    // Outside any span nothing is kept.
    expect(currentTraceContext()).toBeUndefined();
    const bus = new InProcessBus(pino({ level: 'silent' }));
    await withTraceContext(kept, () => bus.publish('consent.v1.audit.recorded', auditRecorded()));
    const producer = exporter.getFinishedSpans().find((s) => s.name === 'consent.v1.audit.recorded publish');
    expect(producer?.spanContext().traceId).toBe(change.spanContext().traceId);
    expect(producer?.parentSpanContext?.spanId).toBe(change.spanContext().spanId);
  });
});
