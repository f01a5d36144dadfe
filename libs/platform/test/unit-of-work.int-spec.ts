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

  it('runs works in one transaction where a failed work is rolled back alone and the others commit with their events', async () => {
    const { units, received, count } = setup();
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const events = [anEvent(), anEvent(), anEvent()];
    const xids: string[] = [];
    const answers = await units.runEach(
      ids.map((id, i) => async (uow) => {
        await uow.manager.query(`INSERT INTO ${schema}.thing (id) VALUES ($1)`, [id]);
        await uow.stage('consent.v1.consent.changed', events[i]!);
        xids.push((await uow.manager.query<{ x: string }[]>('SELECT txid_current()::text AS x'))[0]!.x);
        // A failed SQL statement, so the transaction must be brought back to the savepoint to go on.
        if (i === 1) await uow.manager.query('SELECT 1 / 0');
        return id;
      }),
    );
    const settled = await Promise.allSettled(answers);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(new Set(xids).size).toBe(1);
    expect([
      await count('thing', ids[0]!),
      await count('thing', ids[1]!),
      await count('thing', ids[2]!),
    ]).toEqual([1, 0, 1]);
    await waitFor('the events', () => Promise.resolve(received.length === 2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received.map((e) => e.messageId).sort()).toEqual(
      [events[0]!.messageId, events[2]!.messageId].sort(),
    );
    expect(await count('outbox', events[1]!.messageId)).toBe(0);
  });

  it('commits nothing of any work when the shared COMMIT fails', async () => {
    const { units, received, count } = setup();
    const ids = [randomUUID(), randomUUID()];
    // A check run at COMMIT (a deferred constraint trigger) refuses the second work's row.
    await db.query(
      `CREATE FUNCTION ${schema}.refuse_${ids[1]!.slice(0, 8)}() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN IF NEW.id = '${ids[1]}' THEN RAISE EXCEPTION 'refused at commit'; END IF; RETURN NULL; END $$`,
    );
    await db.query(
      `CREATE CONSTRAINT TRIGGER refuse_${ids[1]!.slice(0, 8)} AFTER INSERT ON ${schema}.thing
         DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ${schema}.refuse_${ids[1]!.slice(0, 8)}()`,
    );
    const answers = units.runEach(
      ids.map((id) => async (uow) => {
        await uow.manager.query(`INSERT INTO ${schema}.thing (id) VALUES ($1)`, [id]);
        await uow.stage('consent.v1.consent.changed', anEvent());
        return id;
      }),
    );
    await expect(answers).rejects.toThrow('refused at commit');
    expect([await count('thing', ids[0]!), await count('thing', ids[1]!)]).toEqual([0, 0]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual([]);
  });
});
