// The unit of work shared by storage and consent, against the run's real PostgreSQL: what a unit of work writes
// and stages commits together or not at all, its events are published only after the commit, and a snapshot
// cannot write.
import { randomBytes, randomUUID } from 'node:crypto';

import type { ConsentChangedV1 } from '@custos/contracts';
import { InProcessBus } from '@custos/messaging';
import {
  addOutboxTraceContext,
  createLogger,
  createOutboxTable,
  TransactionalOutbox,
  UnitsOfWork,
} from '@custos/platform';
import { waitFor } from '@custos/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const logger = createLogger('test', 'silent');
const schema = `uow_test_${randomBytes(4).toString('hex')}`;
let db: DataSource;

beforeAll(async () => {
  db = await new DataSource({ type: 'postgres', url: inject('databaseUrl'), extra: { max: 4 } }).initialize();
  await db.query(`CREATE SCHEMA ${schema}`);
  await createOutboxTable(db, schema);
  await addOutboxTraceContext(db, schema);
  await db.query(`CREATE TABLE ${schema}.thing (id uuid PRIMARY KEY)`);
});

afterAll(async () => {
  await db?.query(`DROP SCHEMA ${schema} CASCADE`);
  await db?.destroy();
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

function setup() {
  const bus = new InProcessBus(logger);
  const outbox = new TransactionalOutbox(db, bus, logger, {
    table: `${schema}.outbox`,
    relayEveryMs: 60_000,
  });
  const received: ConsentChangedV1[] = [];
  bus.consume('consent.v1.consent.changed', 'spec', async (e) => {
    received.push(e);
  });
  const count = async (table: string, id: string) =>
    (await db.query<unknown[]>(`SELECT 1 FROM ${schema}.${table} WHERE id = $1`, [id])).length;
  return { units: new UnitsOfWork(db, outbox), received, count };
}

describe('UnitsOfWork', () => {
  it('commits the change and its staged event together, and publishes the event after the commit', async () => {
    const { units, received, count } = setup();
    const id = randomUUID();
    const event = anEvent();
    await units.run(async (uow) => {
      await uow.manager.query(`INSERT INTO ${schema}.thing (id) VALUES ($1)`, [id]);
      await uow.stage('consent.v1.consent.changed', event);
      expect(received).toEqual([]);
    });
    expect(await count('thing', id)).toBe(1);
    await waitFor(
      'the event',
      async () => received.length === 1 && (await count('outbox', event.messageId)) === 0,
    );
    expect(received).toEqual([event]);
  });

  it('keeps neither the change nor its event when the work fails', async () => {
    const { units, received, count } = setup();
    const id = randomUUID();
    const event = anEvent();
    await expect(
      units.run(async (uow) => {
        await uow.manager.query(`INSERT INTO ${schema}.thing (id) VALUES ($1)`, [id]);
        await uow.stage('consent.v1.consent.changed', event);
        throw new Error('a business rule refused the change');
      }),
    ).rejects.toThrow('a business rule refused the change');
    expect(await count('thing', id)).toBe(0);
    expect(await count('outbox', event.messageId)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual([]);
  });

  it('reads in a snapshot that refuses to write', async () => {
    const { units } = setup();
    await expect(
      units.snapshot((uow) =>
        uow.manager.query(`INSERT INTO ${schema}.thing (id) VALUES ($1)`, [randomUUID()]),
      ),
    ).rejects.toThrow(/read-only transaction/);
  });
});
