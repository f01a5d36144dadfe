// The transactional outbox shared by storage and consent, against the real PostgreSQL and NATS of the run: an
// event commits with its data or not at all, is published after commit, and one whose publish failed (NATS
// unreachable, a crash) is published later by the relay, then removed.
import { randomBytes, randomUUID } from 'node:crypto';

import { type ConsentChangedV1 } from '@custos/contracts';
import { InProcessBus, type MessageBus, NatsBus } from '@custos/messaging';
import {
  addOutboxTraceContext,
  createLogger,
  createOutboxTable,
  TransactionalOutbox,
} from '@custos/platform';
import { deleteNamespaceStreams, waitFor } from '@custos/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const logger = createLogger('test', 'silent');
const schema = `outbox_test_${randomBytes(4).toString('hex')}`;
const table = `${schema}.outbox`;
const namespace = `t${randomBytes(4).toString('hex')}`;
let db: DataSource;

beforeAll(async () => {
  db = await new DataSource({ type: 'postgres', url: inject('databaseUrl'), extra: { max: 4 } }).initialize();
  await db.query(`CREATE SCHEMA ${schema}`);
  // The shape of storage.outbox and consent.outbox (their migrations).
  await createOutboxTable(db, schema);
  await addOutboxTraceContext(db, schema);
});

afterAll(async () => {
  await db?.query(`DROP SCHEMA ${schema} CASCADE`);
  await db?.destroy();
  await deleteNamespaceStreams(inject('natsUrl'), namespace);
});

const anEvent = (): ConsentChangedV1 => ({
  type: 'custos.consent.v1.consent_changed',
  messageId: randomUUID(),
  tenantId: 'tenant',
  change: 'policy-created',
  policyId: randomUUID(),
  policyVersion: 1,
  at: new Date().toISOString(),
});

function setup(bus: MessageBus = new InProcessBus(logger)) {
  const sut = new TransactionalOutbox(db, bus, logger, { table, relayEveryMs: 50 });
  const received: ConsentChangedV1[] = [];
  const rowsOf = async (id: string) =>
    (await db.query<{ id: string }[]>(`SELECT id FROM ${table} WHERE id = $1`, [id])).length;
  return { sut, bus, received, rowsOf };
}

describe('TransactionalOutbox', () => {
  it('publishes an event once its transaction committed, and keeps no row of it', async () => {
    const { sut, bus, received, rowsOf } = setup();
    bus.consume('consent.v1.consent.changed', 'spec', async (e) => {
      received.push(e);
    });
    const event = anEvent();
    const staged = await db.transaction((manager) =>
      sut.stage({ manager }, 'consent.v1.consent.changed', event),
    );
    sut.publishSoon(staged);
    await waitFor('the event', async () => received.length === 1 && (await rowsOf(event.messageId)) === 0);
    expect(received).toEqual([event]);
  });

  it('never writes the event of a transaction that rolled back', async () => {
    const { sut, rowsOf } = setup();
    const event = anEvent();
    await expect(
      db.transaction(async (manager) => {
        await sut.stage({ manager }, 'consent.v1.consent.changed', event);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rowsOf(event.messageId)).toBe(0);
    expect(await sut.relay()).toBe(0);
  });

  it('refuses an event that breaks its schema, failing the transaction', async () => {
    const { sut, rowsOf } = setup();
    const event = { ...anEvent(), change: 'deleted' } as unknown as ConsentChangedV1;
    await expect(
      db.transaction((manager) => sut.stage({ manager }, 'consent.v1.consent.changed', event)),
    ).rejects.toThrow();
    expect(await rowsOf(event.messageId)).toBe(0);
  });

  it('publishes nothing with the relay off (a tool), leaving its events for a running part to relay', async () => {
    const tool = new TransactionalOutbox(db, new InProcessBus(logger), logger, { table, relay: false });
    const event = anEvent();
    tool.publishSoon(
      await db.transaction((manager) => tool.stage({ manager }, 'consent.v1.consent.changed', event)),
    );
    await new Promise((r) => setTimeout(r, 200));
    const part = setup();
    expect(await part.rowsOf(event.messageId)).toBe(1);
    part.bus.consume('consent.v1.consent.changed', 'spec', async (e) => {
      part.received.push(e);
    });
    await waitFor('the relayed event', async () => {
      await part.sut.relay();
      return part.received.some((e) => e.messageId === event.messageId);
    });
    expect(await part.rowsOf(event.messageId)).toBe(0);
  });

  it('keeps an event whose in-process consumer failed, and delivers it again with the relay', async () => {
    const { sut, bus, received, rowsOf } = setup();
    let failures = 1;
    bus.consume('consent.v1.consent.changed', 'spec', async (e) => {
      if (failures-- > 0) throw new Error('the consumer could not take it now');
      received.push(e);
    });
    const event = anEvent();
    sut.publishSoon(
      await db.transaction((manager) => sut.stage({ manager }, 'consent.v1.consent.changed', event)),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(received).toEqual([]);
    expect(await rowsOf(event.messageId)).toBe(1);
    await waitFor('the event delivered again', async () => {
      await sut.relay();
      return received.length === 1;
    });
    expect(received).toEqual([event]);
    expect(await rowsOf(event.messageId)).toBe(0);
  });

  it('leaves an event whose publish failed to the relay, which publishes it to JetStream later', async () => {
    const natsUrl = inject('natsUrl');
    const down = await NatsBus.connect({ url: natsUrl, namespace, name: 'outbox-down', logger });
    await down.close();
    const first = setup(down);
    const event = anEvent();
    first.sut.publishSoon(
      await db.transaction((manager) => first.sut.stage({ manager }, 'consent.v1.consent.changed', event)),
    );
    await new Promise((r) => setTimeout(r, 200));
    expect(await first.rowsOf(event.messageId)).toBe(1);

    // A part started again, with NATS reachable.
    const up = await NatsBus.connect({ url: natsUrl, namespace, name: 'outbox-up', logger });
    try {
      const second = setup(up);
      up.consume('consent.v1.consent.changed', `relay-${randomBytes(3).toString('hex')}`, async (e) => {
        second.received.push(e);
      });
      expect(await second.sut.relay()).toBeGreaterThanOrEqual(1);
      await waitFor('the relayed event', async () =>
        second.received.some((e) => e.messageId === event.messageId),
      );
      expect(await second.rowsOf(event.messageId)).toBe(0);
      expect(second.received.filter((e) => e.messageId === event.messageId)).toEqual([event]);
    } finally {
      await up.close();
    }
  });
});
