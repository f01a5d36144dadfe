// What running storage's migrations leaves behind for the query planner: statistics on every table, so the first
// reads after an installation or an upgrade (whose migrations may have created, filled or reshaped tables) are
// planned from real row counts rather than guesses until autovacuum comes by.
import { migrate } from '@custos/platform';
import { STORAGE_SCHEMA, storageDataSource } from '@custos/storage';
import { createScratchDatabase } from '@custos/testing';
import pg from 'pg';
import { expect, inject, it } from 'vitest';

it('leaves every storage table analysed after the migrations ran', async () => {
  const scratch = await createScratchDatabase(inject('databaseUrl'));
  try {
    const ds = storageDataSource(scratch.url, 1);
    await ds.initialize();
    try {
      await migrate(ds, STORAGE_SCHEMA);
    } finally {
      await ds.destroy();
    }
    const db = new pg.Client({ connectionString: scratch.url });
    await db.connect();
    try {
      // reltuples is -1 for a table PostgreSQL never vacuumed or analysed: the planner has to guess.
      const { rows } = await db.query<{ relname: string; reltuples: number }>(
        `SELECT c.relname, c.reltuples FROM pg_class c
          WHERE c.relnamespace = $1::regnamespace AND c.relkind = 'r' ORDER BY 1`,
        [STORAGE_SCHEMA],
      );
      expect(rows.length).toBeGreaterThan(5);
      expect(rows.filter((r) => r.reltuples < 0).map((r) => r.relname)).toEqual([]);
    } finally {
      await db.end();
    }
  } finally {
    await scratch.drop();
  }
}, 120_000);
