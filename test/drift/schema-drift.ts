// The schema drift check (docs/adr/0008-typeorm-and-raw-sql.md): every owning part's migrations applied to an
// empty database, then TypeORM's schema builder asked what it would change to make that database match the
// part's entity classes. Anything at all is drift: an entity that lies about the schema, or a migration that
// `migration:generate` would write on the next run. Used by `npm run db:drift` (CI) and its integration test.
import { CONSENT_SCHEMA, consentDataSource } from '@custos/consent';
import { schemaDrift } from '@custos/platform';
import { migrateAll } from '@custos/standalone';
import { STORAGE_SCHEMA, storageDataSource } from '@custos/storage';
import { createScratchDatabase } from '@custos/testing';

export interface PartDrift {
  part: string;
  /** What the schema builder would run (or, for keyless tables, what differs); empty when none. */
  statements: string[];
}

/** Migrates a scratch database made on `serverUrl`'s server, measures every part's drift, drops the database. */
export async function schemaDriftOnEmptyDatabase(serverUrl: string): Promise<PartDrift[]> {
  const scratch = await createScratchDatabase(serverUrl);
  try {
    await migrateAll(scratch.url);
    const drift: PartDrift[] = [];
    for (const [part, open] of [
      [STORAGE_SCHEMA, storageDataSource],
      [CONSENT_SCHEMA, consentDataSource],
    ] as const) {
      const ds = await open(scratch.url, 1).initialize();
      try {
        drift.push({ part, statements: await schemaDrift(ds) });
      } finally {
        await ds.destroy();
      }
    }
    return drift;
  } finally {
    await scratch.drop();
  }
}
