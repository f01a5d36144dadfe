// The shape of a part's outbox table, `<schema>.outbox`, once for storage and consent: the columns the
// TransactionalOutbox writes and its relay reads, as the base of each part's entity and the SQL of each part's
// migration. Migrations that have run are built by outboxMigration, so what it creates never changes: a new
// shape is a new migration in each part.
import { Column, CreateDateColumn, type MigrationInterface, PrimaryColumn, type QueryRunner } from 'typeorm';

/** A migration's QueryRunner, or a DataSource (tests). */
interface Sql {
  query(sql: string): Promise<unknown>;
}

/** The columns of `<schema>.outbox`; a part's entity is `@Entity({ name: 'outbox', schema }) … extends` this. */
export abstract class OutboxColumns {
  /** The event's messageId, which is also its JetStream dedupe id. */
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /**
   * The W3C trace context (`traceparent`, `tracestate`) of the change that staged the event, so its publication —
   * now or by the relay later — continues that change's trace; null when tracing is off.
   */
  @Column({ name: 'trace_context', type: 'jsonb', nullable: true })
  traceContext!: Record<string, string> | null;

  /** The relay republishes rows older than its period: their first publish failed or never ran. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

const schemaName = (schema: string): string => {
  // Put into SQL text, so checked here; it is always a part's own schema name, never input.
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  return schema;
};

/** Creates `<schema>.outbox` (each owning part's outbox migration; tests of the outbox). */
export async function createOutboxTable(q: Sql, schema: string): Promise<void> {
  await q.query(`
    CREATE TABLE ${schemaName(schema)}.outbox (
      id uuid PRIMARY KEY,
      subject text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
}

/**
 * The migration that creates a part's outbox, named as TypeORM records it:
 * `export class CreateOutbox1795000000002 extends outboxMigration('storage', 'CreateOutbox1795000000002') {}`.
 */
export function outboxMigration(schema: string, name: string): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      await createOutboxTable(q, schema);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`DROP TABLE ${schemaName(schema)}.outbox`);
    }
  };
}

/** Adds `trace_context` to `<schema>.outbox` (each owning part's OutboxTraceContext migration; tests of the outbox). */
export async function addOutboxTraceContext(q: Sql, schema: string): Promise<void> {
  await q.query(`ALTER TABLE ${schemaName(schema)}.outbox ADD COLUMN trace_context jsonb`);
}

/** The migration that adds the trace context to a part's outbox, named as TypeORM records it. */
export function outboxTraceContextMigration(schema: string, name: string): new () => MigrationInterface {
  return class implements MigrationInterface {
    name = name;

    async up(q: QueryRunner): Promise<void> {
      await addOutboxTraceContext(q, schema);
    }

    async down(q: QueryRunner): Promise<void> {
      await q.query(`ALTER TABLE ${schemaName(schema)}.outbox DROP COLUMN trace_context`);
    }
  };
}
