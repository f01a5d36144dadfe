// Deadlines across the bus, on NATS and in process alike (libs/messaging/src/deadline.ts): a handler knows when
// its caller stops waiting, a nested request inherits a little less, a timeout names the part that did not
// answer, and a request whose deadline passed before it was taken up is not started.
import { randomBytes, randomUUID } from 'node:crypto';

import { type IngestStatementsV1, ServiceUnavailableError } from '@custos/contracts';
import {
  currentRequestContext,
  InProcessBus,
  type MessageBus,
  ephemeralPrincipalKeys,
  NatsBus,
  REPLY_MARGIN_MS,
  runInRequestContext,
} from '@custos/messaging';
import { createLogger } from '@custos/platform';
import { waitFor } from '@custos/testing';
import { connect, headers } from '@nats-io/transport-node';
import { afterAll, describe, expect, inject, it } from 'vitest';

const natsUrl = inject('natsUrl');
const logger = createLogger('test', 'silent');
// The caller signs principals as the gateway does, the responder verifies them (ADR 0006).
const principals = ephemeralPrincipalKeys();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const principal: IngestStatementsV1['principal'] = {
  kind: 'credential',
  tenantId: 'tenant',
  credentialId: randomUUID(),
  key: 'key',
  scopes: ['all'],
  authority: { mbox: 'mailto:lrs@example.org' },
};
const ingest = (mode: 'fast' | 'slow'): IngestStatementsV1 => ({
  principal,
  version: '2.0.0',
  body: { mode },
});
const append = (tenantId: string) => ({
  tenantId,
  audit: { principalId: 'p', action: 'test', query: {} },
  decision: 'allow' as const,
  count: 0,
});

interface Seen {
  outer?: number;
  inner?: number;
  innerRuns: number;
}

/**
 * ingest (outer) asks storage (inner), which is slow when its tenant says so. Resolves once both answer (a NATS
 * subscription takes a moment to reach the server), with the counts of that warm-up cleared.
 */
async function serve(bus: MessageBus, seen: Seen, caller: MessageBus = bus): Promise<void> {
  bus.serve('ingest.v1.statements.ingest', async ({ body }) => {
    seen.outer = currentRequestContext()?.deadline;
    const { publicKeyId: seq } = await bus.request(
      'storage.v1.audit.public-key',
      append((body as { mode: string }).mode),
    );
    return { ids: [seq] };
  });
  bus.serve('storage.v1.audit.public-key', async ({ tenantId }) => {
    seen.innerRuns += 1;
    seen.inner = currentRequestContext()?.deadline;
    if (tenantId === 'slow') await sleep(3_000);
    return { algorithm: 'Ed25519' as const, publicKeyId: '1', publicKeyPem: 'h' };
  });
  await waitFor('the handlers to answer', async () => {
    await caller.request('ingest.v1.statements.ingest', ingest('fast'), { timeoutMs: 1_000 });
    return true;
  });
  Object.assign(seen, { outer: undefined, inner: undefined, innerRuns: 0 });
}

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

async function natsBuses(): Promise<{ caller: MessageBus; responder: MessageBus; namespace: string }> {
  const namespace = `t${randomBytes(4).toString('hex')}`;
  const responder = await NatsBus.connect({
    url: natsUrl,
    namespace,
    name: 'test-responder',
    logger,
    principals,
  });
  const caller = await NatsBus.connect({ url: natsUrl, namespace, name: 'test-caller', logger, principals });
  closers.push(
    () => caller.close(),
    () => responder.close(),
  );
  return { caller, responder, namespace };
}

describe.each([
  ['NATS', natsBuses],
  [
    'the in-process bus',
    async () => {
      const bus = new InProcessBus(logger);
      closers.push(() => bus.close());
      return { caller: bus, responder: bus, namespace: '' };
    },
  ],
])('deadlines over %s', (_, buses) => {
  it('reach the handler, and a nested request inherits the smaller deadline less the reply margin', async () => {
    const { caller, responder } = await buses();
    const seen: Seen = { innerRuns: 0 };
    await serve(responder, seen, caller);
    const before = Date.now();
    await caller.request('ingest.v1.statements.ingest', ingest('fast'), { timeoutMs: 5_000 });
    expect(seen.outer).toBeGreaterThanOrEqual(before + 5_000);
    expect(seen.outer).toBeLessThanOrEqual(Date.now() + 5_000);
    expect(seen.inner).toBe(seen.outer! - REPLY_MARGIN_MS);
  });

  it('answer a timeout with a 503 naming the part that did not answer, not the one that waited', async () => {
    const { caller, responder } = await buses();
    await serve(responder, { innerRuns: 0 }, caller);
    const failed = caller.request('ingest.v1.statements.ingest', ingest('slow'), { timeoutMs: 1_500 });
    await expect(failed).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(failed).rejects.toThrow('storage did not answer in time');
  });

  it('are not asked of anyone once passed', async () => {
    const { caller, responder } = await buses();
    const seen: Seen = { innerRuns: 0 };
    await serve(responder, seen, caller);
    const late = runInRequestContext(
      undefined,
      () => caller.request('storage.v1.audit.public-key', append('fast')),
      Date.now() - 1,
    );
    await expect(late).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(seen.innerRuns).toBe(0);
  });
});

describe('a NATS request whose deadline passed while it waited', () => {
  it('is answered 503 and not started', async () => {
    const { caller, responder, namespace } = await natsBuses();
    const seen: Seen = { innerRuns: 0 };
    await serve(responder, seen, caller);
    const nc = await connect({ servers: natsUrl });
    closers.push(() => nc.close());
    const h = headers();
    h.set('Custos-Deadline', String(Date.now() - 1));
    const reply = await nc.request(
      `${namespace}.storage.v1.audit.public-key`,
      new TextEncoder().encode(JSON.stringify(append('fast'))),
      { headers: h, timeout: 5_000 },
    );
    expect(reply.headers?.get('Nats-Service-Error-Code')).toBe('503');
    expect(seen.innerRuns).toBe(0);
  });
});
