import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Write purposes (docs/privacy-operations.md "Write purposes"): a credential may be bound to an institution
 * policy's purpose (NULL, every existing credential: unbound, statements accepted as before), and a policy says what
 * storage does with a statement written for it about a learner without a basis under it. Storage reads the current
 * versions' settings through the published view `consent.write_purpose` (ADR 0004), never the policy table.
 */
export class WritePurposes1798008000000 implements MigrationInterface {
  name = 'WritePurposes1798008000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consent.credential ADD COLUMN write_policy_id uuid`);
    await q.query(`
      ALTER TABLE consent.policy
        ADD COLUMN on_write_without_basis text NOT NULL DEFAULT 'reject',
        ADD COLUMN hold_days integer NOT NULL DEFAULT 30,
        ADD CONSTRAINT policy_on_write_without_basis_check
          CHECK (on_write_without_basis IN ('reject', 'hold', 'pseudonymise')),
        ADD CONSTRAINT policy_hold_days_check CHECK (hold_days BETWEEN 1 AND 366)`);
    await q.query(`
      CREATE VIEW consent.write_purpose AS
      SELECT p.tenant_id, p.id::text AS policy_id, p.lawful_basis, p.on_write_without_basis, p.hold_days
        FROM consent.policy p
       WHERE p.superseded_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW consent.write_purpose`);
    await q.query(`
      ALTER TABLE consent.policy
        DROP CONSTRAINT policy_hold_days_check,
        DROP CONSTRAINT policy_on_write_without_basis_check,
        DROP COLUMN hold_days,
        DROP COLUMN on_write_without_basis`);
    await q.query(`ALTER TABLE consent.credential DROP COLUMN write_policy_id`);
  }
}
