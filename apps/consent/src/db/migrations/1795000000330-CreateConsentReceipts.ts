import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The consent receipts (ISO/IEC TS 27560 fields) handed to a learner on each grant, revocation or objection. */
export class CreateConsentReceipts1795000000330 implements MigrationInterface {
  name = 'CreateConsentReceipts1795000000330';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE consent.consent_receipt (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL REFERENCES consent.tenant (id),
        person_id uuid NOT NULL REFERENCES consent.person (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        receipt jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX consent_receipt_person_idx ON consent.consent_receipt (person_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consent.consent_receipt`);
  }
}
