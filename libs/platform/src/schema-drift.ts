// Drift between a part's entity classes and its migrated schema: what TypeORM's schema builder would change
// to make the database match the entities (`migration:generate` would write exactly these statements). Empty
// on a freshly migrated database: the entities tell the truth about the schema (`npm run db:drift`, CI).
//
// KEYLESS tables (`@Entity({ synchronize: false })`): TypeORM needs a primary key on every entity, but a few
// tables have none by design, their unique key being an expression index on digests of unbounded text
// (storage's BoundedTextKeys migration). The schema builder would add a primary key there, so it skips them
// and the comparison below checks them instead: the same column definitions, and the same named indexes,
// foreign keys, checks and unique constraints, in both directions.
import type { DataSource, EntityMetadata, QueryRunner } from 'typeorm';

/** The statements (for keyless tables, the differences) that would make the database match the entities. */
export async function schemaDrift(ds: DataSource): Promise<string[]> {
  const log = await ds.driver.createSchemaBuilder().log();
  const drift = log.upQueries.map((q) => q.query.trim());
  const keyless = ds.entityMetadatas.filter((m) => !m.synchronize && m.tableType === 'regular');
  const runner = ds.createQueryRunner();
  try {
    for (const metadata of keyless) drift.push(...(await keylessDrift(ds, runner, metadata)));
  } finally {
    await runner.release();
  }
  return drift;
}

async function keylessDrift(
  ds: DataSource,
  runner: QueryRunner,
  metadata: EntityMetadata,
): Promise<string[]> {
  const name = metadata.tablePath;
  const table = await runner.getTable(name);
  if (!table) return [`-- ${name}: no such table`];
  const out: string[] = [];
  const differ = (what: string, inDb: string[], inEntity: string[]): void => {
    for (const n of inDb.filter((x) => !inEntity.includes(x))) {
      out.push(`-- ${name}: ${what} "${n}" is not declared`);
    }
    for (const n of inEntity.filter((x) => !inDb.includes(x))) {
      out.push(`-- ${name}: ${what} "${n}" is missing`);
    }
  };
  const names = (xs: { name?: string }[]): string[] => xs.map((x) => x.name ?? '(unnamed)');
  differ(
    'column',
    table.columns.map((c) => c.name),
    metadata.columns.map((c) => c.databaseName),
  );
  // The entity's primary flags only identify rows to TypeORM: compared as the keyless table has them, none.
  const asKeyless = metadata.columns.map(
    (c) => Object.create(c, { isPrimary: { value: false } }) as typeof c,
  );
  for (const c of ds.driver.findChangedColumns(table.columns, asKeyless)) {
    out.push(`-- ${name}: column "${c.databaseName}" differs from its entity`);
  }
  if (table.primaryColumns.length > 0) out.push(`-- ${name}: has a primary key, so it is not keyless`);
  differ('index', names(table.indices), names(metadata.indices));
  differ('foreign key', names(table.foreignKeys), names(metadata.foreignKeys));
  differ('check', names(table.checks), names(metadata.checks));
  differ('unique constraint', names(table.uniques), names(metadata.uniques));
  return out;
}
