// A part's transactions keep the deadline of the request they serve (database.ts, messaging's deadline.ts): a
// transaction is not begun once the caller has given up, and one whose deadline passed while it ran (a lock
// wait) is rolled back instead of committed, so a request answered 503 leaves nothing behind.
import { randomBytes } from 'node:crypto';

import { ServiceUnavailableError } from '@custos/contracts';
import { runInRequestContext } from '@custos/messaging';
import { createOwnedDataSource } from '@custos/platform';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

const schema = `deadline_test_${randomBytes(4).toString('hex')}`;
let db: DataSource;

beforeAll(async () => {
  db = await createOwnedDataSource({
    url: inject('databaseUrl'),
    schema,
    entities: [],
    migrations: [],
    poolSize: 2,
  }).initialize();
  await db.query(`CREATE SCHEMA ${schema}`);
  await db.query(`CREATE TABLE ${schema}.row (id text PRIMARY KEY)`);
});

afterAll(async () => {
  await db?.query(`DROP SCHEMA ${schema} CASCADE`);
  await db?.destroy();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const stored = async (id: string) =>
  (await db.query<unknown[]>(`SELECT id FROM ${schema}.row WHERE id = $1`, [id])).length;
const insert = (id: string, before?: () => Promise<unknown>) =>
  db.transaction(async (m) => {
    await m.query(`INSERT INTO ${schema}.row (id) VALUES ($1)`, [id]);
    await before?.();
  });

describe('transactions under a request deadline', () => {
  it('commit when the deadline has not passed', async () => {
    await runInRequestContext(undefined, () => insert('in-time'), Date.now() + 5_000);
    expect(await stored('in-time')).toBe(1);
  });

  it('roll back when the deadline passed before COMMIT', async () => {
    const late = runInRequestContext(undefined, () => insert('late', () => sleep(300)), Date.now() + 100);
    await expect(late).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(await stored('late')).toBe(0);
  });

  it('are not begun once the deadline has passed', async () => {
    const gone = runInRequestContext(undefined, () => insert('gone'), Date.now() - 1);
    await expect(gone).rejects.toThrow(/deadline passed before its transaction began/);
    expect(await stored('gone')).toBe(0);
  });

  it('have no deadline outside a request (event consumers, timers)', async () => {
    await insert('background', () => sleep(50));
    expect(await stored('background')).toBe(1);
  });
});
