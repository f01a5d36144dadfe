import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * storage.activity now holds only the definitions written by clients with the xAPI `define` scope (docs/access-
 * model.md "Activity definitions"). Its rows so far were merged from every writer's statements, learners' answers
 * and titles included, and cannot be told apart by writer: they are dropped. Nothing is lost — the statements
 * still carry those definitions, and serve them to whoever may read the statements; `define` clients rebuild the
 * canonical ones as they write.
 */
export class CanonicalActivitiesFromDefineOnly1796000002000 implements MigrationInterface {
  name = 'CanonicalActivitiesFromDefineOnly1796000002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM storage.activity`);
  }

  /** The dropped rows cannot come back; the table itself is unchanged. */
  async down(): Promise<void> {}
}
