// The bus counts every request on both sides by subject and outcome — a 503 for a missing part included — and,
// with a tracer provider registered, makes the handler's span a child of the caller's (over NATS the same travels in
// the traceparent header: test/e2e/observability.e2e-spec.ts).
import { ConflictError } from '@custos/contracts';
import { busRequests } from '@custos/telemetry';
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
});
