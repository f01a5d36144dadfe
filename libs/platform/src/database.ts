// One DataSource per owning part (storage, consent), each in its own PostgreSQL schema with its
// own migrations table, so each table keeps one owner even when both share a database.
import type { DatabaseTlsFiles } from '@custos/config';
import { assertBeforeDeadline, COMMIT_BUDGET_MS, MessageBus } from '@custos/messaging';
import type { DynamicModule, FactoryProvider, OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import {
  DataSource,
  type DataSourceOptions,
  type EntitySubscriberInterface,
  EventSubscriber,
  type MigrationInterface,
  type MixedList,
} from 'typeorm';

import { databaseConnectionOf } from './database-connection.js';
import { databaseMetrics } from './database-metrics.js';

/**
 * Every transaction of a part checks the deadline of the request it serves (messaging's deadline.ts): not begun
 * once the caller has given up, and rolled back rather than committed if the deadline passed meanwhile (a lock
 * wait, a slow disk) or too near to it for the COMMIT to land in time, so a request answered 503 leaves nothing
 * behind unless its COMMIT took longer than COMMIT_BUDGET_MS. Work outside a request has no deadline.
 */
@EventSubscriber()
class DeadlineSubscriber implements EntitySubscriberInterface {
  beforeTransactionStart(): void {
    assertBeforeDeadline('its transaction began');
  }
  beforeTransactionCommit(): void {
    // Kept back: a COMMIT must land before the caller gives up, not merely start before (deadline.ts).
    assertBeforeDeadline('its transaction committed', COMMIT_BUDGET_MS);
  }
}

export interface OwnedDatabaseOptions {
  url: string;
  /** PostgreSQL schema owned by the part: `storage`, `consent`. */
  schema: string;
  // TypeORM's own type for entity lists is built on Function.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function>;
  migrations: (new () => MigrationInterface)[];
  poolSize?: number;
  applicationName?: string;
  /** The CA and client certificate files for TLS, beside DATABASE_URL's own parameters. */
  tls?: DatabaseTlsFiles;
}

/** @throws ConfigError when DATABASE_URL or its TLS files are wrong (database-connection.ts). */
function ownedDataSourceOptions(options: OwnedDatabaseOptions): DataSourceOptions {
  const { url, ssl } = databaseConnectionOf(options.url, options.tls);
  return {
    type: 'postgres',
    url,
    ssl,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    subscribers: [DeadlineSubscriber],
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: options.applicationName ?? `custos-${options.schema}`,
    extra: { max: options.poolSize ?? 10 },
  };
}

/** A part's DataSource outside Nest: migrations, the CLI, test harnesses. */
export function createOwnedDataSource(options: OwnedDatabaseOptions): DataSource {
  return new DataSource(ownedDataSourceOptions(options));
}

/**
 * A part's database in Nest: TypeOrmModule's DataSource named `name` (inject it with `@InjectDataSource(name)`
 * or `getDataSourceToken(name)`), opened at start and closed by TypeOrmModule at shutdown, but only once the
 * bus has drained: a handler still running (a write between BEGIN and COMMIT) keeps its connection until it
 * has answered. (Nest runs a module's providers' shutdown hooks before the module's own, which ends the pool.)
 *
 * @throws ConfigError at start when DATABASE_URL or its TLS files are wrong (database-connection.ts).
 */
export function ownedDatabaseModule(name: string, options: OwnedDatabaseOptions): DynamicModule {
  return TypeOrmModule.forRootAsync({
    name,
    useFactory: () => ({
      ...ownedDataSourceOptions(options),
      // No retries: a part that cannot reach its database fails at start, and its supervisor restarts it.
      toRetry: () => false,
    }),
    extraProviders: [drainBusBeforeClose(name), databaseMetrics(name, options.schema)],
  });
}

/** Applies pending migrations (standalone start, the migration Job, the test harness). */
export async function migrate(ds: DataSource, schema: string): Promise<void> {
  // TypeORM keeps its migrations table inside the schema, so the schema must exist first.
  await ds.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  const applied = await ds.runMigrations({ transaction: 'each' });
  if (applied.length > 0) await analyzeSchema(ds, schema);
}

/**
 * Gives the planner statistics for every table of `schema` now. A migration that creates, fills or reshapes a
 * table leaves it without them (or with stale ones) until autovacuum gets to it, and until then PostgreSQL
 * guesses row counts and may plan a filtered read as a walk of the whole table.
 */
async function analyzeSchema(ds: DataSource, schema: string): Promise<void> {
  const tables: { name: string }[] = await ds.query(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = $1 ORDER BY 1`,
    [schema],
  );
  for (const { name } of tables) await ds.query(`ANALYZE ${name}`);
}

/** True when the database answers and no migration is pending (readiness). */
export async function databaseReady(ds: DataSource): Promise<boolean> {
  try {
    if (!ds.isInitialized) return false;
    await ds.query('SELECT 1');
    return !(await ds.showMigrations());
  } catch {
    return false;
  }
}

/** What a part's database holds: its schema (also its DataSource's name in Nest), entities and migrations. */
export type OwnedSchema = Pick<OwnedDatabaseOptions, 'schema' | 'entities' | 'migrations'>;

/** A part's database, opened the two ways it is used. */
export interface OwnedDatabase {
  /** Its DataSource's injection token in Nest (TypeOrmModule's, for the connection named after the schema). */
  token: string;
  /** Its DataSource outside Nest: migrations, the CLI, test harnesses. */
  dataSource: (url: string, poolSize?: number, tls?: DatabaseTlsFiles) => DataSource;
  /** Its DataSource in Nest (ownedDatabaseModule). */
  module: (url: string, poolSize?: number, tls?: DatabaseTlsFiles) => DynamicModule;
}

export function ownedDatabase(shape: OwnedSchema): OwnedDatabase {
  const options = (url: string, poolSize?: number, tls?: DatabaseTlsFiles): OwnedDatabaseOptions => ({
    ...shape,
    url,
    poolSize,
    tls,
  });
  return {
    token: getDataSourceToken(shape.schema) as string,
    dataSource: (url, poolSize, tls) => createOwnedDataSource(options(url, poolSize, tls)),
    module: (url, poolSize, tls) => ownedDatabaseModule(shape.schema, options(url, poolSize, tls)),
  };
}

const drainBusBeforeClose = (name: string): FactoryProvider<OnApplicationShutdown> => ({
  provide: Symbol(`drain the bus before the ${name} database closes`),
  useFactory: (bus: MessageBus): OnApplicationShutdown => ({ onApplicationShutdown: () => bus.close() }),
  inject: [MessageBus],
});
