import type { MigrationInterface, QueryRunner } from 'typeorm';

const LINK_TABLES = [
  'statement_agent',
  'statement_activity',
  'statement_context_activity',
  'statement_attachment',
] as const;

/**
 * Drops the foreign keys from the statement link tables to `storage.statement`, the largest remaining cost of a
 * batch write on a fresh installation. PostgreSQL checks a foreign key with an internal query whose plan each
 * connection keeps from its first use: on a new installation that is a sequential scan of a then-empty
 * `storage.statement`, and it stays one as the table grows (up to 97 buffers per check, 300 checks per batch of
 * 100 statements under the bench's load).
 *
 * The keys guarded nothing the write does not already guarantee: the agent, activity and context-activity links
 * are inserted only from the rows the statements' own `INSERT … RETURNING` answers (statement.repository.ts), and
 * attachment links only by joining the batch's statements in the same transaction. What the keys also did —
 * delete the links with their statement — a statement-level trigger does now, in the deleting transaction,
 * whatever deletes statements (no code path does today: statements are voided, never deleted).
 */
export class DropStatementLinkForeignKeys1797000100000 implements MigrationInterface {
  name = 'DropStatementLinkForeignKeys1797000100000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of LINK_TABLES) {
      await q.query(`ALTER TABLE storage.${table} DROP CONSTRAINT ${table}_statement_seq_fkey`);
    }
    await q.query(`
      CREATE FUNCTION storage.delete_statement_links() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${LINK_TABLES.map((t) => `DELETE FROM storage.${t} l USING gone WHERE l.statement_seq = gone.seq;`).join('\n        ')}
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER statement_links_deleted AFTER DELETE ON storage.statement
        REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION storage.delete_statement_links()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER statement_links_deleted ON storage.statement`);
    await q.query(`DROP FUNCTION storage.delete_statement_links()`);
    for (const table of LINK_TABLES) {
      await q.query(
        `ALTER TABLE storage.${table} ADD CONSTRAINT ${table}_statement_seq_fkey
           FOREIGN KEY (statement_seq) REFERENCES storage.statement (seq) ON DELETE CASCADE`,
      );
    }
  }
}
