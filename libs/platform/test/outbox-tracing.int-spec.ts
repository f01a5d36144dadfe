// An event continues the trace of the change that staged it even when the outbox's relay publishes it later, in
// another process run (the first publish failed): the trace context kept in the outbox row makes the relay's
// publish span a child of the change's span, and it reaches the JetStream consumer in the message's headers.
// Real PostgreSQL and NATS; spans in memory (tracing on, as with OTEL_EXPORTER_OTLP_ENDPOINT set).
import { randomBytes, randomUUID } from 'node:crypto';

import { type ConsentChangedV1 } from '@custos/contracts';
import { NatsBus } from '@custos/messaging';
import {
  addOutboxTraceContext,
  createLogger,
  createOutboxTable,
  TransactionalOutbox,
} from '@custos/platform';
import { deleteNamespaceStreams, waitFor } from '@custos/testing';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';

const logger = createLogger('test', 'silent');
const schema = `outbox_trace_${randomBytes(4).toString('hex')}`;
const table = `${schema}.outbox`;
const namespace = `t${randomBytes(4).toString('hex')}`;
const exporter = new InMemorySpanExporter();
const sdk = new NodeSDK({
  serviceName: 'outbox-test',
  resourceDetectors: [],
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
let db: DataSource;

beforeAll(async () => {
  sdk.start();
  db = await new DataSource({ type: 'postgres', url: inject('databaseUrl'), extra: { max: 4 } }).initialize();
  await db.query(`CREATE SCHEMA ${schema}`);
  await createOutboxTable(db, schema);
  await addOutboxTraceContext(db, schema);
});

afterAll(async () => {
  await db?.query(`DROP SCHEMA ${schema} CASCADE`);
  await db?.destroy();
  await deleteNamespaceStreams(inject('natsUrl'), namespace);
  await sdk.shutdown();
});

it("publishes a relayed event in the trace of the change that staged it, to the consumer's span", async () => {
  const natsUrl = inject('natsUrl');
  const down = await NatsBus.connect({ url: natsUrl, namespace, name: 'outbox-down', logger });
  await down.close();
  const first = new TransactionalOutbox(db, down, logger, { table, relayEveryMs: 50 });
  const event: ConsentChangedV1 = {
    type: 'custos.consent.v1.consent_changed',
    messageId: randomUUID(),
    tenantId: 'tenant',
    change: 'policy-created',
    policyId: randomUUID(),
    policyVersion: 1,
    at: new Date().toISOString(),
  };
  // The change, in a span of its own; its publish fails (NATS is closed), leaving the row to the relay.
  const change = trace.getTracer('test').startSpan('the change');
  await context.with(trace.setSpan(context.active(), change), async () => {
    first.publishSoon(
      await db.transaction((manager) => first.stage({ manager }, 'consent.v1.consent.changed', event)),
    );
  });
  change.end();
  await new Promise((r) => setTimeout(r, 200));
  const [row] = await db.query<{ trace_context: Record<string, string> | null }[]>(
    `SELECT trace_context FROM ${table} WHERE id = $1`,
    [event.messageId],
  );
  expect(row?.trace_context?.traceparent).toContain(change.spanContext().traceId);

  // Later, outside any span: a part started again relays it to a durable consumer over JetStream.
  const up = await NatsBus.connect({ url: natsUrl, namespace, name: 'outbox-up', logger });
  try {
    const received: string[] = [];
    up.consume('consent.v1.consent.changed', `trace-${randomBytes(3).toString('hex')}`, async (e) => {
      received.push(e.messageId);
    });
    const second = new TransactionalOutbox(db, up, logger, { table, relayEveryMs: 50 });
    expect(await second.relay()).toBeGreaterThanOrEqual(1);
    await waitFor('the relayed event handled', async () => received.includes(event.messageId));
    await waitFor('the consumer span ended', async () =>
      exporter.getFinishedSpans().some((s) => s.name === 'consent.v1.consent.changed process'),
    );
  } finally {
    await up.close();
  }
  const spans = exporter.getFinishedSpans();
  const inTrace = spans.filter((s) => s.spanContext().traceId === change.spanContext().traceId);
  const published = inTrace.filter(
    (s) =>
      s.name === 'consent.v1.consent.changed publish' &&
      s.parentSpanContext?.spanId === change.spanContext().spanId,
  );
  // Two publishes in the change's trace: the one that failed (NATS closed), and the relay's.
  expect(published.map((s) => s.status.code === SpanStatusCode.ERROR).sort()).toEqual([false, true]);
  const relayed = published.find((s) => s.status.code !== SpanStatusCode.ERROR)!;
  expect(relayed.kind).toBe(SpanKind.PRODUCER);
  const processed = inTrace.find((s) => s.name === 'consent.v1.consent.changed process');
  expect(processed?.kind).toBe(SpanKind.CONSUMER);
  expect(processed?.parentSpanContext?.spanId).toBe(relayed.spanContext().spanId);
});
