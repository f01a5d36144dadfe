// `npm run db:drift`: fails when any part's entity classes disagree with its migrated schema (schema-drift.ts),
// printing what TypeORM would change. Uses DATABASE_URL's server for a scratch database of its own (created
// and dropped); without DATABASE_URL, an embedded PostgreSQL in a temporary directory.
import 'reflect-metadata';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openStandaloneDatabase } from '@custos/standalone';

import { schemaDriftOnEmptyDatabase } from './schema-drift.js';

async function main(): Promise<number> {
  let embedded: { dir: string; stop: () => Promise<void> } | undefined;
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'custos-drift-'));
    const db = await openStandaloneDatabase(dir);
    embedded = { dir, stop: db.stop };
    serverUrl = db.url;
  }
  try {
    const drift = await schemaDriftOnEmptyDatabase(serverUrl);
    for (const { part, statements } of drift) {
      process.stdout.write(`db:drift ${part}: ${statements.length} statement(s)\n`);
      for (const s of statements) process.stdout.write(`  ${s}\n`);
    }
    const total = drift.reduce((n, d) => n + d.statements.length, 0);
    if (total > 0) {
      process.stdout.write(
        'db:drift: the entities and the migrated schema disagree: fix the entity, or add a migration\n',
      );
    }
    return total === 0 ? 0 : 1;
  } finally {
    await embedded?.stop();
    if (embedded) rmSync(embedded.dir, { recursive: true, force: true });
  }
}

process.exit(await main());
