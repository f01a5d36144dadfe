// The in-process bus gives a handler the caller's request id in a context of its own and adds the
// handler's stage timings to the caller's, through nested hops and failures: what NatsBus does over NATS
// (libs/messaging/test/request-context.int-spec.ts), so standalone reports the same Server-Timing.
import { ConflictError } from '@custos/contracts';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';

import { InProcessBus } from './in-process-bus.js';
import { currentRequestContext, recordStage, runInRequestContext } from './request-context.js';

function setup() {
  const bus = new InProcessBus(pino({ level: 'silent' }));
  const seen: { hop: string; requestId?: string }[] = [];
  // Hop 1 (think query): one stage of its own, then a nested request.
  bus.serve('storage.v1.audit.verify', async ({ tenantId }) => {
    seen.push({ hop: 'outer', requestId: currentRequestContext()?.requestId });
    recordStage('consent', 2);
    const { publicKeyId: seq } = await bus.request('storage.v1.audit.public-key', {
      tenantId,
      audit: { principalId: 'p', action: 'test', query: {} },
    });
    return { ok: true, checked: Number(seq) };
  });
  // Hop 2 (think storage): its stages, and a failure when asked.
  bus.serve('storage.v1.audit.public-key', async ({ tenantId }) => {
    seen.push({ hop: 'inner', requestId: currentRequestContext()?.requestId });
    recordStage('storage', 3);
    recordStage('audit', 1);
    recordStage('audit', 0.5);
    if (tenantId === 'fail') throw new ConflictError('refused');
    return { algorithm: 'Ed25519' as const, publicKeyId: '7', publicKeyPem: 'h' };
  });
  return { bus, seen };
}

describe('InProcessBus request context', () => {
  it('gives every hop the request id and brings back the stages of all of them', async () => {
    const { bus, seen } = setup();
    const stages = await runInRequestContext('req-1', async () => {
      recordStage('consent', 1);
      await bus.request('storage.v1.audit.verify', { tenantId: 't' });
      return currentRequestContext()!.stages;
    });
    expect(seen).toEqual([
      { hop: 'outer', requestId: 'req-1' },
      { hop: 'inner', requestId: 'req-1' },
    ]);
    expect(Object.fromEntries(stages)).toEqual({ consent: 3, storage: 3, audit: 1.5 });
  });

  it('brings back the stages of a hop that failed', async () => {
    const { bus } = setup();
    await runInRequestContext('req-2', async () => {
      await expect(bus.request('storage.v1.audit.verify', { tenantId: 'fail' })).rejects.toBeInstanceOf(
        ConflictError,
      );
      expect(Object.fromEntries(currentRequestContext()!.stages)).toEqual({
        consent: 2,
        storage: 3,
        audit: 1.5,
      });
    });
  });

  it('keeps concurrent requests apart', async () => {
    const { bus, seen } = setup();
    await Promise.all(
      ['a', 'b', 'c'].map((id) =>
        runInRequestContext(id, () => bus.request('storage.v1.audit.verify', { tenantId: id })),
      ),
    );
    for (const id of ['a', 'b', 'c']) {
      expect(seen.filter((s) => s.requestId === id).map((s) => s.hop)).toEqual(['outer', 'inner']);
    }
  });

  it('runs a handler without a request id when the caller has no context', async () => {
    const { bus, seen } = setup();
    await bus.request('storage.v1.audit.verify', { tenantId: 't' });
    expect(seen).toEqual([
      { hop: 'outer', requestId: undefined },
      { hop: 'inner', requestId: undefined },
    ]);
  });
});

describe('InProcessBus payload depth', () => {
  it('refuses a payload nested past the limit with a 400, before the handler, instead of overflowing the stack', async () => {
    const bus = new InProcessBus(pino({ level: 'silent' }));
    let called = false;
    bus.serve('storage.v1.audit.public-key', async () => {
      called = true;
      return { algorithm: 'Ed25519' as const, publicKeyId: '1', publicKeyPem: 'h' };
    });
    let deep: unknown = 1;
    for (let i = 0; i < 20_000; i++) deep = [deep];
    const refused = bus.request('storage.v1.audit.public-key', {
      tenantId: 't',
      audit: { principalId: 'p', action: 'test', query: { deep } },
    });
    await expect(refused).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/levels deep/),
    });
    expect(called).toBe(false);
  });
});
