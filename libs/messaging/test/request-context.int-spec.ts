// The request context over real NATS (NATS_URL): three connections stand for the gateway, query and
// storage. The request id reaches every hop; each hop's stage timings come back on its reply (also on an
// error reply, and on a reply that went through the object store) and add up at the caller.
import { randomBytes } from 'node:crypto';

import { ConflictError, eventStreamName } from '@custos/contracts';
import {
  currentRequestContext,
  ephemeralPrincipalKeys,
  NatsBus,
  recordStage,
  runInRequestContext,
} from '@custos/messaging';
import { createLogger } from '@custos/platform';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const natsUrl = inject('natsUrl');
const namespace = `t${randomBytes(4).toString('hex')}`;
const logger = createLogger('test', 'silent');
// The caller signs principals as the gateway does, the responder verifies them (ADR 0006).
const principals = ephemeralPrincipalKeys();

let gateway: NatsBus;
let query: NatsBus;
let storage: NatsBus;
const seen: { hop: string; requestId?: string }[] = [];

beforeAll(async () => {
  // A low large-payload threshold, so a long reply travels through the object store with its stages.
  const open = (name: string) =>
    NatsBus.connect({ url: natsUrl, namespace, name, logger, largePayloadBytes: 512, principals });
  [gateway, query, storage] = await Promise.all([
    open('test-gateway'),
    open('test-query'),
    open('test-storage'),
  ]);
  query.serve('storage.v1.audit.verify', async ({ tenantId }) => {
    seen.push({ hop: 'query', requestId: currentRequestContext()?.requestId });
    recordStage('consent', 2);
    const { publicKeyPem: hash } = await query.request('storage.v1.audit.public-key', {
      tenantId,
      audit: { principalId: 'p', action: 'test', query: {} },
    });
    return { ok: true, checked: hash.length };
  });
  storage.serve('storage.v1.audit.public-key', async ({ tenantId }) => {
    seen.push({ hop: 'storage', requestId: currentRequestContext()?.requestId });
    recordStage('storage', 3);
    recordStage('audit', 1.5);
    if (tenantId === 'fail') throw new ConflictError('refused');
    return {
      algorithm: 'Ed25519' as const,
      publicKeyId: '1',
      publicKeyPem: tenantId === 'long' ? 'h'.repeat(4096) : 'h',
    };
  });
  // The responders' subscriptions are on the server before the first request (under load it can be late).
  await Promise.all([query.flush(), storage.flush()]);
});

afterAll(async () => {
  await Promise.all([gateway?.close(), query?.close(), storage?.close()]);
  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  for (const stream of [eventStreamName(namespace), `OBJ_${namespace}-payloads`]) {
    await jsm.streams.delete(stream).catch(() => undefined);
  }
  await nc.close();
});

/** Sends one request as the gateway would, in a context of its own; returns its stages and what the hops saw. */
async function asGateway(requestId: string, tenantId: string) {
  seen.length = 0;
  return runInRequestContext(requestId, async () => {
    recordStage('consent', 1);
    const outcome = await gateway.request('storage.v1.audit.verify', { tenantId }).then(
      (reply) => ({ reply }),
      (error: unknown) => ({ error }),
    );
    return { outcome, stages: Object.fromEntries(currentRequestContext()!.stages), seen: [...seen] };
  });
}

describe('request context over NATS', () => {
  it('carries the request id to every hop and adds up the stages of all of them', async () => {
    const { outcome, stages, seen: hops } = await asGateway('req-nats-1', 't');
    expect(outcome).toEqual({ reply: { ok: true, checked: 1 } });
    expect(hops).toEqual([
      { hop: 'query', requestId: 'req-nats-1' },
      { hop: 'storage', requestId: 'req-nats-1' },
    ]);
    expect(stages).toEqual({ consent: 3, storage: 3, audit: 1.5 });
  });

  it('brings back the stages of hops that failed, with the typed error', async () => {
    const { outcome, stages } = await asGateway('req-nats-2', 'fail');
    expect((outcome as { error: unknown }).error).toBeInstanceOf(ConflictError);
    expect(stages).toEqual({ consent: 3, storage: 3, audit: 1.5 });
  });

  it('brings back the stages of a reply that went through the object store', async () => {
    const { outcome, stages } = await asGateway('req-nats-3', 'long');
    expect(outcome).toEqual({ reply: { ok: true, checked: 4096 } });
    expect(stages).toEqual({ consent: 3, storage: 3, audit: 1.5 });
  });

  it('sends no request id from outside a request, and keeps parallel requests apart', async () => {
    seen.length = 0;
    await gateway.request('storage.v1.audit.verify', { tenantId: 't' });
    expect(seen.map((s) => s.requestId)).toEqual([undefined, undefined]);

    seen.length = 0;
    const ids = Array.from({ length: 20 }, (_, i) => `req-par-${i}`);
    const all = await Promise.all(
      ids.map((id) =>
        runInRequestContext(id, async () => {
          await gateway.request('storage.v1.audit.verify', { tenantId: 't' });
          return Object.fromEntries(currentRequestContext()!.stages);
        }),
      ),
    );
    for (const stages of all) expect(stages).toEqual({ consent: 2, storage: 3, audit: 1.5 });
    for (const id of ids) expect(seen.filter((s) => s.requestId === id)).toHaveLength(2);
  });
});
