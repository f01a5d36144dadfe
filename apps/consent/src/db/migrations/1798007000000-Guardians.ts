import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Guardians and minors (docs/privacy-operations.md "Guardians and minors", GDPR Art. 8): the `guardian` role, the
 * links between a guardian and the learners they act for, a learner's birth date or explicit "minor until" date,
 * and each tenant's age of digital consent (13–16; 16 when the tenant does not say).
 */
export class Guardians1798007000000 implements MigrationInterface {
  name = 'Guardians1798007000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE consent.person_role DROP CONSTRAINT person_role_role_check`);
    await q.query(
      `ALTER TABLE consent.person_role ADD CONSTRAINT person_role_role_check
         CHECK (role IN ('learner', 'admin', 'auditor', 'consumer', 'guardian'))`,
    );
    await q.query(`ALTER TABLE consent.person ADD COLUMN birth_date date, ADD COLUMN minor_until date`);
    await q.query(
      `ALTER TABLE consent.tenant ADD COLUMN age_of_digital_consent smallint NOT NULL DEFAULT 16
         CONSTRAINT tenant_age_of_digital_consent_check CHECK (age_of_digital_consent BETWEEN 13 AND 16)`,
    );
    await q.query(`
      CREATE TABLE consent.guardian_link (
        learner_id uuid NOT NULL REFERENCES consent.person (id) ON DELETE CASCADE,
        guardian_id uuid NOT NULL REFERENCES consent.person (id) ON DELETE CASCADE,
        linked_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (learner_id, guardian_id)
      )`);
    // A guardian's page lists their learners: looked up by guardian.
    await q.query(`CREATE INDEX guardian_link_guardian_idx ON consent.guardian_link (guardian_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.guardian_link`);
    await q.query(`ALTER TABLE consent.tenant DROP COLUMN age_of_digital_consent`);
    await q.query(`ALTER TABLE consent.person DROP COLUMN birth_date, DROP COLUMN minor_until`);
    await q.query(`DELETE FROM consent.person_role WHERE role = 'guardian'`);
    await q.query(`ALTER TABLE consent.person_role DROP CONSTRAINT person_role_role_check`);
    await q.query(
      `ALTER TABLE consent.person_role ADD CONSTRAINT person_role_role_check
         CHECK (role IN ('learner', 'admin', 'auditor', 'consumer'))`,
    );
  }
}
