// The entities of every owning part match its migrated schema: TypeORM proposes no statement on a database
// that has just been migrated (the same check as `npm run db:drift` in CI).
import { expect, inject, it } from 'vitest';

import { schemaDriftOnEmptyDatabase } from './schema-drift.js';

it('proposes no schema change for any part on a freshly migrated database', async () => {
  const drift = await schemaDriftOnEmptyDatabase(inject('databaseUrl'));
  expect(drift.map((d) => d.part)).toEqual(['storage', 'consent']);
  expect(drift).toEqual(drift.map(({ part }) => ({ part, statements: [] })));
}, 120_000);
